package dev.dynsolo.model.api;

import java.util.List;

/**
 * One detected object in frame coordinates.
 *
 * @param classId contiguous class id (index into the bundle's class names)
 * @param className the class name
 * @param score confidence after maskness rescoring and Matrix NMS
 * @param box tight box of the mask
 * @param mask the mask at frame size
 */
public record Instance(int classId, String className, float score, Box box, Rle mask) {

  /** The mask rasterised, row-major at frame size. */
  public boolean[] bitmap() {
    return mask.toBitmap();
  }

  /** Outer contours of the mask's connected parts, as closed polygons [x0, y0, x1, y1, ...]. */
  public List<int[]> polygons() {
    return Contours.outer(mask);
  }
}
