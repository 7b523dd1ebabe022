package dev.dynsolo.training.cli;

import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.bundle.LoadedBundle;
import dev.dynsolo.model.bundle.ModelCard;
import dev.dynsolo.training.export.CheckpointExporter;
import dev.dynsolo.training.init.InitialModel;
import dev.dynsolo.training.init.InitialModels;
import dev.dynsolo.training.loop.Checkpoints;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: serving bundle from a checkpoint, or an older bundle written anew. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a serving bundle (SavedModel + model.json, BatchNorm folded) from a training checkpoint,"
        + " or write a bundle made here anew (--bundle), e.g. to give an older one the bf16 signature.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--checkpoint",
      description = "A checkpoint directory (runs/<name>/checkpoints/step-N) or a run directory (its newest).")
  Path checkpoint;

  @Option(names = "--bundle", description = "A bundle made by this project (its model.json has the model config).")
  Path bundle;

  @Option(names = "--out", required = true, description = "Bundle directory to write.")
  Path out;

  @Override
  public Integer call() {
    if ((checkpoint == null) == (bundle == null)) {
      throw new IllegalArgumentException("give exactly one of --checkpoint or --bundle");
    }
    if (bundle != null) {
      ModelCard card = LoadedBundle.readCard(bundle);
      InitialModel model = InitialModels.load(bundle);
      String note = " (re-exported by dynsolo export)";
      String description = card.description() == null ? "re-exported"
          : card.description().endsWith(note) ? card.description() : card.description() + note;
      BundleWriter.write(out, model.config(), model.weights(), model.classNames(), description, card.categoryIds());
      System.out.println("bundle written to " + out + " from " + bundle);
      return 0;
    }
    Path source = checkpoint;
    if (!checkpoint.resolve("state.json").toFile().isFile()) {
      source = new Checkpoints(checkpoint, 1).latest()
          .orElseThrow(() -> new IllegalArgumentException("no checkpoint in " + checkpoint));
    }
    CheckpointExporter.export(source, out);
    System.out.println("bundle written to " + out + " from " + source);
    return 0;
  }
}
