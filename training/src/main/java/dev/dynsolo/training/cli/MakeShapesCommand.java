package dev.dynsolo.training.cli;

import dev.dynsolo.training.shapes.ShapesDatasetWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make-shapes}: writes the synthetic shapes dataset (COCO format). */
@Command(name = "make-shapes", mixinStandardHelpOptions = true,
    description = "Write a synthetic COCO dataset of overlapping circles, squares and triangles on textured backgrounds.")
public final class MakeShapesCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Output directory (images/ and annotations/ are created).")
  Path out;

  @Option(names = "--train", defaultValue = "2000", description = "Training images (default ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--val", defaultValue = "200", description = "Validation images (default ${DEFAULT-VALUE}).")
  int val;

  @Option(names = "--size", defaultValue = "256", description = "Image width and height (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--max-shapes", defaultValue = "6", description = "Most shapes per image (default ${DEFAULT-VALUE}).")
  int maxShapes;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--shared-colours", defaultValue = "0", description = "Chance that a shape takes the colour of one"
      + " drawn before it in its image, so that masks must follow position, not colour (0..1, default"
      + " ${DEFAULT-VALUE}: every colour at random).")
  double sharedColours;

  @Override
  public Integer call() {
    if (train < 0 || val < 0 || size < 32 || maxShapes < 1) {
      throw new IllegalArgumentException("--train/--val must be >= 0, --size >= 32, --max-shapes >= 1");
    }
    if (!(sharedColours >= 0 && sharedColours <= 1)) {
      throw new IllegalArgumentException("--shared-colours must be in [0, 1], got " + sharedColours);
    }
    ShapesDatasetWriter.write(out, "train", train, size, size, maxShapes, 0.08, 0.5, sharedColours, seed);
    if (val > 0) {
      ShapesDatasetWriter.write(out, "val", val, size, size, maxShapes, 0.08, 0.5, sharedColours, seed + 7919);
    }
    System.out.printf("wrote %d training and %d validation images to %s%n", train, val, out);
    return 0;
  }
}
