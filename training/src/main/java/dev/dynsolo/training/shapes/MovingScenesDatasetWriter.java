package dev.dynsolo.training.shapes;

import dev.dynsolo.model.synthetic.MovingShapes;
import dev.dynsolo.model.synthetic.ShapeKind;
import dev.dynsolo.model.synthetic.ShapeRenderer;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes frames of moving-shape simulations, the generator of the built-in demo scene
 * ({@link MovingShapes}), as a COCO dataset: what a model for that scene should learn from, the
 * way a real camera's model learns from that camera's footage. Each simulation draws its own seed,
 * 3 to 7 shapes and, one time in three, the pillar that hides what passes behind it; it gives
 * {@link #FRAMES_PER_SCENE} frames {@link #STEP} ticks apart after a random start, so one dataset
 * holds hundreds of simulations. Seeds are drawn at or above one million, so the scenes the
 * benchmarks score (seeds 7 and 11) are never among them. Every shape whose visible part covers
 * at least {@link ShapeRenderer#MIN_VISIBLE_AREA} pixels per 256x256 of frame is annotated, the
 * rule of {@link ShapesDatasetWriter}. The same seed writes the same dataset.
 */
public final class MovingScenesDatasetWriter {
  /** Frames taken from one simulation. */
  public static final int FRAMES_PER_SCENE = 10;
  /** Ticks between two frames taken from one simulation (shapes move up to 6 pixels a tick). */
  public static final int STEP = 9;

  private MovingScenesDatasetWriter() {}

  public static void write(Path root, String split, int images, int width, int height, long seed) {
    Random random = new Random(seed);
    ShapesCocoFile file = new ShapesCocoFile(root, split, "dynsolo moving-shape scenes, seed " + seed);
    double minArea = ShapeRenderer.MIN_VISIBLE_AREA * (double) width * height / (256 * 256);
    int written = 0;
    while (written < images) {
      long sceneSeed = 1_000_000L + (random.nextLong() & Long.MAX_VALUE) % 1_000_000_000_000L;
      MovingShapes scene = new MovingShapes(width, height, sceneSeed, 3 + random.nextInt(5), random.nextInt(3) == 0);
      scene.skip(random.nextInt(60));
      for (int f = 0; f < FRAMES_PER_SCENE && written < images; f++, written++) {
        MovingShapes.SceneFrame frame = scene.next();
        int imageId = file.addImage(frame.image());
        for (MovingShapes.Truth shape : frame.truth()) {
          if (shape.visibleMask().area() >= minArea) {
            file.addShape(imageId, ShapeKind.values()[shape.classId()], shape.visibleMask());
          }
        }
        scene.skip(STEP - 1);
      }
    }
    file.finish();
  }
}
