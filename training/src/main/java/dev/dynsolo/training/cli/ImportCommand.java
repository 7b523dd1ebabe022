package dev.dynsolo.training.cli;

import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.checkpoint.ImportedModel;
import dev.dynsolo.model.checkpoint.SoloCheckpointImport;
import dev.dynsolo.model.config.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code import}: a serving bundle from an authors' SOLOv2 checkpoint file. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Write a serving bundle from an authors' SOLOv2 checkpoint (.pth): WXinlong/SOLO or"
        + " mmdetection 2.x/3.x, either torch.save format, float32 or float16.",
        "The model (ResNet or ResNeXt depth, head, classes, deformable DCN/DCNv2 layers) is read from the tensors,"
            + " the test thresholds and scale from the stored config; the bundle resizes frames as the authors' test"
            + " pipeline does."})
public final class ImportCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", required = true, description = "The .pth file, e.g. SOLOv2_LIGHT_448_R50_3x.pth.")
  Path checkpoint;

  @Option(names = "--out", required = true, description = "Bundle directory to write.")
  Path out;

  @Option(names = "--classes", description = "Class names, one per line (default: the file's meta['CLASSES']).")
  Path classes;

  @Override
  public Integer call() {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
    }
    ImportedModel model = SoloCheckpointImport.read(checkpoint, classes);
    ModelConfig c = model.config();
    String description = "imported from " + checkpoint.getFileName() + " (" + model.layout().name().toLowerCase()
        + " layout)";
    BundleWriter.write(out, c, model.weights(), model.classNames(), description, model.categoryIds());
    System.out.printf("%s: %s, %d classes%s, head %d x %d, E %d, input keep-ratio %dx%d (short x long)%s%n",
        checkpoint.getFileName(), c.preset(), c.numClasses(), model.categoryIds() != null ? " (COCO)" : "",
        c.head().convs(), c.head().channels(), c.head().kernelDim(), c.input().height(), c.input().width(),
        deformableLayers(c));
    System.out.println("bundle written to " + out);
    return 0;
  }

  /** ", deformable: ..." naming the deformable parts, or nothing. */
  private static String deformableLayers(ModelConfig c) {
    List<String> parts = new ArrayList<>();
    for (int stage = 0; stage < 4; stage++) {
      if (c.backbone().stageConvs().get(stage).deformable()) {
        parts.add("layer" + (stage + 1) + " " + c.backbone().stageConvs().get(stage).name().toLowerCase());
      }
    }
    for (int i = 0; i < c.head().convs(); i++) {
      if (c.head().towerConvs().get(i).deformable()) {
        parts.add("head layer " + i + " " + c.head().towerConvs().get(i).name().toLowerCase());
      }
    }
    if (c.head().maskFeatureConv().deformable()) {
      parts.add("mask feature " + c.head().maskFeatureConv().name().toLowerCase());
    }
    return parts.isEmpty() ? "" : ", deformable: " + String.join(", ", parts);
  }
}
