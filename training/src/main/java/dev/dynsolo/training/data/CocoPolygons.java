package dev.dynsolo.training.data;

import dev.dynsolo.model.api.Rle;
import java.util.Arrays;

/**
 * COCO polygons to masks exactly as pycocotools does ({@code rleFrPoly} in its maskApi.c): the
 * outline is traced at 5x resolution with its rounding, each column's boundary crossings are
 * brought back to pixel rows, and the runs between them are the mask. Evaluations then count the
 * same pixels as pycocotools' COCOeval.
 */
final class CocoPolygons {
  private static final double SCALE = 5;

  private CocoPolygons() {}

  /** One polygon {@code x0, y0, x1, y1, ...} as a column-major COCO RLE of {@code height x width}. */
  static Rle rasterise(double[] xy, int width, int height) {
    int k = xy.length / 2;
    int[] x = new int[k + 1];
    int[] y = new int[k + 1];
    for (int j = 0; j < k; j++) {
      x[j] = (int) (SCALE * xy[2 * j] + .5);
      y[j] = (int) (SCALE * xy[2 * j + 1] + .5);
    }
    x[k] = x[0];
    y[k] = y[0];
    int m = 0;
    for (int j = 0; j < k; j++) {
      m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
    }
    int[] u = new int[m];
    int[] v = new int[m];
    m = 0;
    for (int j = 0; j < k; j++) {
      int xs = x[j];
      int xe = x[j + 1];
      int ys = y[j];
      int ye = y[j + 1];
      int dx = Math.abs(xe - xs);
      int dy = Math.abs(ys - ye);
      boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
      if (dx >= dy) {
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          u[m] = t + xs;
          v[m] = (int) (ys + s * t + .5);
          m++;
        }
      } else {
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          v[m] = t + ys;
          u[m] = (int) (xs + s * t + .5);
          m++;
        }
      }
    }
    int points = m;
    long[] a = new long[points + 1];
    int n = 0;
    for (int j = 1; j < points; j++) {
      if (u[j] == u[j - 1]) {
        continue;
      }
      double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
      xd = (xd + .5) / SCALE - .5;
      if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
        continue;
      }
      double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
      yd = (yd + .5) / SCALE - .5;
      if (yd < 0) {
        yd = 0;
      } else if (yd > height) {
        yd = height;
      }
      yd = Math.ceil(yd);
      a[n++] = (long) xd * height + (long) yd;
    }
    a[n++] = (long) height * width;
    long[] sorted = Arrays.copyOf(a, n);
    Arrays.sort(sorted);
    long previous = 0;
    for (int j = 0; j < n; j++) {
      long t = sorted[j];
      sorted[j] -= previous;
      previous = t;
    }
    int[] counts = new int[n];
    int c = 0;
    int j = 0;
    counts[c++] = (int) sorted[j++];
    while (j < n) {
      if (sorted[j] > 0) {
        counts[c++] = (int) sorted[j++];
      } else {
        j++;
        if (j < n) {
          counts[c - 1] += (int) sorted[j++];
        }
      }
    }
    return new Rle(height, width, Arrays.copyOf(counts, c));
  }
}
