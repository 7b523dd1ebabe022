package dev.dynsolo.model.api;

/**
 * Maps a low-resolution mask probability map (model output, 1/4 or 1/2 of the input) back to the frame:
 * each frame pixel centre goes through the letterbox into mask coordinates, is sampled bilinearly
 * and thresholded. Only the region around cells above the threshold is visited, since bilinear
 * values cannot exceed the threshold where no neighbouring cell does.
 */
public final class MaskMapper {
  /** A margin far above double rounding: beyond it, both rows decide a sample between them. */
  private static final double CLEAR = 1e-9;

  private final int maskWidth;
  private final int maskHeight;
  private final double inputPerMaskX;
  private final double inputPerMaskY;

  public MaskMapper(int maskWidth, int maskHeight, int inputWidth, int inputHeight) {
    this.maskWidth = maskWidth;
    this.maskHeight = maskHeight;
    this.inputPerMaskX = (double) inputWidth / maskWidth;
    this.inputPerMaskY = (double) inputHeight / maskHeight;
  }

  /**
   * @param probabilities mask map, row-major, starting at {@code offset}
   * @return the frame-size mask, or null when no frame pixel passes the threshold
   */
  public Rle toFrame(float[] probabilities, int offset, Letterbox box, float threshold) {
    HotCells hot = HotCells.of(probabilities, offset, maskWidth, maskHeight, threshold);
    if (hot == null) {
      return null;
    }
    int cx0 = hot.x0();
    int cy0 = hot.y0();
    int cx1 = hot.x1();
    int cy1 = hot.y1();
    // Frame pixels whose sample point can fall within one cell of the hot cells.
    int fx0 = clamp((int) Math.floor(box.frameX((cx0 - 0.5) * inputPerMaskX)) - 1, box.frameWidth());
    int fx1 = clamp((int) Math.ceil(box.frameX((cx1 + 1.5) * inputPerMaskX)) + 1, box.frameWidth());
    int fy0 = clamp((int) Math.floor(box.frameY((cy0 - 0.5) * inputPerMaskY)) - 1, box.frameHeight());
    int fy1 = clamp((int) Math.ceil(box.frameY((cy1 + 1.5) * inputPerMaskY)) + 1, box.frameHeight());

    int rows = fy1 - fy0;
    if (rows <= 0 || fx1 <= fx0) {
      return null;
    }
    int[] y0 = new int[rows];
    double[] wy = new double[rows];
    for (int i = 0; i < rows; i++) {
      double v = box.inputY(fy0 + i + 0.5) / inputPerMaskY - 0.5;
      v = Math.max(0, Math.min(maskHeight - 1, v));
      y0[i] = Math.min((int) Math.floor(v), maskHeight - 2 < 0 ? 0 : maskHeight - 2);
      wy[i] = v - y0[i];
    }
    RleBuilder rle = new RleBuilder(box.frameHeight(), box.frameWidth());
    // Per frame column: the mask interpolated along x at every mask row (the same arithmetic as a
    // full bilinear sample), then per frame row one interpolation along y. Where both neighbouring
    // rows are clearly on one side of the threshold the sample is too, so it is not computed.
    double[] column = new double[maskHeight];
    int[] blocks = blocksOfEqualRows(y0);
    int firstRow = y0[0];
    int lastRow = Math.min(y0[rows - 1] + 1, maskHeight - 1);
    for (int fx = fx0; fx < fx1; fx++) {
      double u = box.inputX(fx + 0.5) / inputPerMaskX - 0.5;
      u = Math.max(0, Math.min(maskWidth - 1, u));
      int x0 = Math.min((int) Math.floor(u), maskWidth - 2 < 0 ? 0 : maskWidth - 2);
      int x1 = Math.min(x0 + 1, maskWidth - 1);
      double wx = u - x0;
      for (int y = firstRow; y <= lastRow; y++) {
        int r = offset + y * maskWidth;
        column[y] = probabilities[r + x0] * (1 - wx) + probabilities[r + x1] * wx;
      }
      int runStart = -1;
      for (int b = 0; b + 1 < blocks.length; b++) {
        int from = blocks[b];
        int to = blocks[b + 1];
        double top = column[y0[from]];
        double bottom = column[Math.min(y0[from] + 1, maskHeight - 1)];
        boolean allOn = top > threshold + CLEAR && bottom > threshold + CLEAR;
        boolean allOff = top < threshold - CLEAR && bottom < threshold - CLEAR;
        for (int i = from; i < to; i++) {
          boolean on = allOn || !allOff && top * (1 - wy[i]) + bottom * wy[i] > threshold;
          if (on && runStart < 0) {
            runStart = fy0 + i;
          } else if (!on && runStart >= 0) {
            rle.addColumnRun(fx, runStart, fy0 + i);
            runStart = -1;
          }
          if (allOn || allOff) {
            break; // the whole block is decided by its first row
          }
        }
      }
      if (runStart >= 0) {
        rle.addColumnRun(fx, runStart, fy1);
      }
    }
    Rle out = rle.build();
    return out.area() == 0 ? null : out;
  }

  /** Indices where {@code y0} changes, plus its length: rows between two share their mask rows. */
  private static int[] blocksOfEqualRows(int[] y0) {
    int[] starts = new int[y0.length + 1];
    int n = 0;
    for (int i = 0; i < y0.length; i++) {
      if (i == 0 || y0[i] != y0[i - 1]) {
        starts[n++] = i;
      }
    }
    starts[n++] = y0.length;
    return java.util.Arrays.copyOf(starts, n);
  }

  private static int clamp(int v, int limit) {
    return Math.max(0, Math.min(limit, v));
  }
}
