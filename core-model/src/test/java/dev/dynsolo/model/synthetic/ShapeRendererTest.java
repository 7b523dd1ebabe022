package dev.dynsolo.model.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shared colours: with chance 1 every shape of a scene has one colour; with chance 0 nothing changes. */
class ShapeRendererTest {
  private final ShapeRenderer renderer = new ShapeRenderer(128, 96);

  @Test
  void withSharedColoursEveryShapeOfASceneHasOneColour() {
    Random random = new Random(9);
    int scenesWithSeveral = 0;
    for (int s = 0; s < 20; s++) {
      ShapeScene scene = renderer.randomScene(random, 5, 0.2, 0.4, 1.0);
      if (scene.shapes().size() < 2) {
        continue;
      }
      scenesWithSeveral++;
      double[] first = meanColour(scene, scene.shapes().get(0));
      for (ShapeScene.VisibleShape shape : scene.shapes()) {
        double[] c = meanColour(scene, shape);
        for (int k = 0; k < 3; k++) {
          assertTrue(Math.abs(c[k] - first[k]) < 3, "scene " + s + ": colours differ " + c[k] + " / " + first[k]);
        }
      }
    }
    assertTrue(scenesWithSeveral >= 5, "too few scenes with several shapes: " + scenesWithSeveral);
  }

  @Test
  void withoutSharedColoursTheSceneIsTheOneTheOtherOverloadDraws() {
    ShapeScene a = renderer.randomScene(new Random(4), 5, 0.08, 0.5);
    ShapeScene b = renderer.randomScene(new Random(4), 5, 0.08, 0.5, 0);
    assertArrayEquals(a.image().pixels(), b.image().pixels());
  }

  /** Mean colour of a shape's visible pixels (paint adds noise of +-6 per channel). */
  private static double[] meanColour(ShapeScene scene, ShapeScene.VisibleShape shape) {
    double[] sum = new double[3];
    int n = 0;
    byte[] pixels = scene.image().pixels();
    for (int i = 0; i < shape.mask().length; i++) {
      if (shape.mask()[i]) {
        for (int k = 0; k < 3; k++) {
          sum[k] += pixels[3 * i + k] & 0xff;
        }
        n++;
      }
    }
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }
}
