package dev.dynsolo.model.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MovingShapesTest {

  @Test
  void skippingTicksMovesTheShapesAsRenderingThemWould() {
    MovingShapes rendered = new MovingShapes(640, 480, 21, 5, true);
    MovingShapes skipped = new MovingShapes(640, 480, 21, 5, true);
    for (int i = 0; i < 37; i++) {
      rendered.nextImage();
    }
    skipped.skip(37);
    MovingShapes.SceneFrame a = rendered.next();
    MovingShapes.SceneFrame b = skipped.next();
    assertArrayEquals(a.image().pixels(), b.image().pixels());
    assertEquals(a.truth().size(), b.truth().size());
    for (int k = 0; k < a.truth().size(); k++) {
      assertEquals(a.truth().get(k).visibleBox(), b.truth().get(k).visibleBox());
      assertEquals(a.truth().get(k).visibleFraction(), b.truth().get(k).visibleFraction());
    }
  }
}
