package dev.dynsolo.model.api;

/**
 * Fills polygons into row-major bitmaps: a pixel is inside when its centre is (even-odd rule), so
 * a polygon that traces pixel edges covers exactly those pixels.
 */
public final class Rasterizer {
  private Rasterizer() {}

  /** Adds polygon {@code xy} = [x0, y0, x1, y1, ...] (pixel coordinates) to {@code bitmap}. */
  public static void fillPolygon(boolean[] bitmap, int width, int height, double[] xy) {
    int n = xy.length / 2;
    double[] crossings = new double[n];
    for (int y = 0; y < height; y++) {
      double cy = y + 0.5;
      int count = 0;
      for (int i = 0; i < n; i++) {
        double x0 = xy[2 * i];
        double y0 = xy[2 * i + 1];
        double x1 = xy[2 * ((i + 1) % n)];
        double y1 = xy[2 * ((i + 1) % n) + 1];
        if ((y0 <= cy && y1 > cy) || (y1 <= cy && y0 > cy)) {
          crossings[count++] = x0 + (cy - y0) / (y1 - y0) * (x1 - x0);
        }
      }
      java.util.Arrays.sort(crossings, 0, count);
      for (int k = 0; k + 1 < count; k += 2) {
        int from = (int) Math.max(0, Math.ceil(crossings[k] - 0.5));
        int to = (int) Math.min(width - 1, Math.ceil(crossings[k + 1] - 0.5) - 1);
        for (int x = from; x <= to; x++) {
          bitmap[y * width + x] = true;
        }
      }
    }
  }
}
