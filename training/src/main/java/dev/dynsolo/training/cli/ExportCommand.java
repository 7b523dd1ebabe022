package dev.dynsolo.training.cli;

import dev.dynsolo.training.export.CheckpointExporter;
import dev.dynsolo.training.loop.Checkpoints;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: serving bundle from a checkpoint. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a serving bundle (SavedModel + model.json, BatchNorm folded) from a training checkpoint.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true,
      description = "A checkpoint directory (runs/<name>/checkpoints/step-N) or a run directory (its newest).")
  Path checkpoint;

  @Option(names = "--out", required = true, description = "Bundle directory to write.")
  Path out;

  @Override
  public Integer call() {
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
