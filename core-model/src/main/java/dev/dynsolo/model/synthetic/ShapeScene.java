package dev.dynsolo.model.synthetic;

import dev.dynsolo.model.api.RgbImage;
import java.util.List;

/**
 * A rendered scene: the image and, per shape still visible, its class and visible mask (what later
 * shapes leave uncovered), in drawing order.
 */
public record ShapeScene(RgbImage image, List<VisibleShape> shapes) {

  /** A shape's class and its visible pixels, row-major. */
  public record VisibleShape(ShapeKind kind, boolean[] mask, int area) {}
}
