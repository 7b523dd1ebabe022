package dev.dynsolo.model.api;

/**
 * The bounding box of the mask cells above a threshold: resampling with non-negative weights that
 * sum to one cannot exceed its largest input, so frame pixels outside what these cells reach stay
 * off, and mask mappers visit only the rest.
 *
 * @param x0 first column, inclusive
 * @param y0 first row, inclusive
 * @param x1 last column, inclusive
 * @param y1 last row, inclusive
 */
record HotCells(int x0, int y0, int x1, int y1) {

  /** The hot cells of a {@code width x height} map starting at {@code offset}, or null if none. */
  static HotCells of(float[] probabilities, int offset, int width, int height, float threshold) {
    int x0 = width;
    int y0 = height;
    int x1 = -1;
    int y1 = -1;
    for (int y = 0; y < height; y++) {
      int row = offset + y * width;
      for (int x = 0; x < width; x++) {
        if (probabilities[row + x] > threshold) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    return x1 < 0 ? null : new HotCells(x0, y0, x1, y1);
  }
}
