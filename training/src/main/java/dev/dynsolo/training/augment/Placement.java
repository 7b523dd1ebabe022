package dev.dynsolo.training.augment;

/**
 * The geometric part of an augmentation: output pixel (x, y) samples the source at
 * ((x - offsetX) / scale, (y - offsetY) / scale), mirrored horizontally when {@code flip}.
 * Image and masks go through the same placement, which keeps them aligned.
 */
public record Placement(int sourceWidth, int sourceHeight, double scale, double offsetX, double offsetY, boolean flip) {

  /** Source x (continuous) of output coordinate x. */
  public double sourceX(double x) {
    double sx = (x - offsetX) / scale;
    return flip ? sourceWidth - sx : sx;
  }

  public double sourceY(double y) {
    return (y - offsetY) / scale;
  }
}
