package dev.dynsolo.training.shapes;

import dev.dynsolo.model.api.Rle;
import dev.dynsolo.model.synthetic.ShapeRenderer;
import dev.dynsolo.model.synthetic.ShapeScene;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a synthetic shapes dataset in COCO format: {@code images/<split>/NNNNNN.png} and
 * {@code annotations/<split>.json}, masks as compressed RLE (occluded shapes are not polygons).
 * The same seed writes the same dataset.
 */
public final class ShapesDatasetWriter {
  private ShapesDatasetWriter() {}

  public static void write(Path root, String split, int images, int width, int height, int maxShapes, long seed) {
    write(root, split, images, width, height, maxShapes, 0.08, 0.5, seed);
  }

  /** As above, with shape sizes between the given fractions of the short side. */
  public static void write(Path root, String split, int images, int width, int height, int maxShapes,
      double minFraction, double maxFraction, long seed) {
    write(root, split, images, width, height, maxShapes, minFraction, maxFraction, 0, seed);
  }

  /** As above; a shape takes an earlier shape's colour with chance {@code sharedColour}. */
  public static void write(Path root, String split, int images, int width, int height, int maxShapes,
      double minFraction, double maxFraction, double sharedColour, long seed) {
    ShapeRenderer renderer = new ShapeRenderer(width, height);
    Random random = new Random(seed);
    ShapesCocoFile file = new ShapesCocoFile(root, split, "dynsolo synthetic shapes, seed " + seed);
    for (int i = 0; i < images; i++) {
      ShapeScene scene = renderer.randomScene(random, maxShapes, minFraction, maxFraction, sharedColour);
      int imageId = file.addImage(scene.image());
      for (ShapeScene.VisibleShape shape : scene.shapes()) {
        file.addShape(imageId, shape.kind(), Rle.fromBitmap(shape.mask(), width, height));
      }
    }
    file.finish();
  }
}
