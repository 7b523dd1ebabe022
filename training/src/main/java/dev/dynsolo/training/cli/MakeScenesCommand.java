package dev.dynsolo.training.cli;

import dev.dynsolo.training.shapes.MovingScenesDatasetWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code make-scenes}: writes frames of moving-shape simulations like the demo scene (COCO format). */
@Command(name = "make-scenes", mixinStandardHelpOptions = true,
    description = "Write a COCO dataset of frames from moving-shape simulations like the built-in demo scene"
        + " (3-7 shapes, a pillar one time in three, 10 frames per simulation).")
public final class MakeScenesCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Output directory (images/ and annotations/ are created).")
  Path out;

  @Option(names = "--train", defaultValue = "2000", description = "Training frames (default ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--val", defaultValue = "200", description = "Validation frames (default ${DEFAULT-VALUE}).")
  int val;

  @Option(names = "--width", defaultValue = "640", description = "Frame width (default ${DEFAULT-VALUE}, the demo scene's).")
  int width;

  @Option(names = "--height", defaultValue = "480", description = "Frame height (default ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (train < 0 || val < 0) {
      throw new IllegalArgumentException("--train and --val must be >= 0, got " + train + " and " + val);
    }
    if (width < 400 || height < 300) { // shapes are up to 180 pixels across and must fit between the walls
      throw new IllegalArgumentException("--width must be >= 400 and --height >= 300, got " + width + "x" + height);
    }
    MovingScenesDatasetWriter.write(out, "train", train, width, height, seed);
    if (val > 0) {
      MovingScenesDatasetWriter.write(out, "val", val, width, height, seed + 7919);
    }
    System.out.printf("wrote %d training and %d validation frames to %s%n", train, val, out);
    return 0;
  }
}
