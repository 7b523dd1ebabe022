package dev.dynsolo.model.api;

import java.util.List;
import java.util.Objects;

/**
 * One detected object in frame coordinates: class, score, box and mask, with its outline polygons
 * traced on first use and kept (the overlay, the live view and the event sink of a frame all need
 * them, and tracing costs more than anything else done per instance after inference).
 */
public final class Instance {
  private final int classId;
  private final String className;
  private final float score;
  private final Box box;
  private final Rle mask;
  private volatile List<int[]> polygons;

  /**
   * @param classId contiguous class id (index into the bundle's class names)
   * @param className the class name
   * @param score confidence after maskness rescoring and Matrix NMS
   * @param box tight box of the mask
   * @param mask the mask at frame size
   */
  public Instance(int classId, String className, float score, Box box, Rle mask) {
    this.classId = classId;
    this.className = Objects.requireNonNull(className);
    this.score = score;
    this.box = Objects.requireNonNull(box);
    this.mask = Objects.requireNonNull(mask);
  }

  public int classId() {
    return classId;
  }

  public String className() {
    return className;
  }

  public float score() {
    return score;
  }

  public Box box() {
    return box;
  }

  public Rle mask() {
    return mask;
  }

  /** The mask rasterised, row-major at frame size. */
  public boolean[] bitmap() {
    return mask.toBitmap();
  }

  /**
   * Outer contours of the mask's connected parts, as closed polygons [x0, y0, x1, y1, ...], largest
   * first. Traced once; the arrays are shared between callers and must not be modified.
   */
  public List<int[]> polygons() {
    List<int[]> traced = polygons;
    if (traced == null) {
      traced = List.copyOf(Contours.outer(mask)); // two threads racing here trace the same result
      polygons = traced;
    }
    return traced;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Instance i && classId == i.classId && className.equals(i.className)
        && Float.compare(score, i.score) == 0 && box.equals(i.box) && mask.equals(i.mask);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classId, className, score, box, mask);
  }

  @Override
  public String toString() {
    return "Instance[classId=" + classId + ", className=" + className + ", score=" + score + ", box=" + box + "]";
  }
}
