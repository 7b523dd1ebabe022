package dev.dynsolo.model.api;

/**
 * Maps a keep-ratio model's mask probabilities back to the frame exactly as the authors do: the
 * stride-s map is resized bilinearly to the padded input, cropped to the resized frame, resized
 * bilinearly to the frame and thresholded. Both resizes are linear, so they are applied as one
 * sparse map per axis; only frame pixels that read a cell above the threshold are visited (a
 * weighted mean cannot exceed its largest input).
 */
public final class KeepRatioMaskMapper {
  private final int maskWidth;
  private final int maskHeight;
  private final int frameWidth;
  private final int frameHeight;
  private final AxisTaps columns;
  private final AxisTaps rows;

  /**
   * @param box the keep-ratio placement (input = resized frame, no offset)
   * @param maskWidth width of the mask map (padded input width / stride)
   * @param maskHeight height of the mask map
   * @param stride input pixels per mask pixel
   */
  public KeepRatioMaskMapper(Letterbox box, int maskWidth, int maskHeight, int stride) {
    this.maskWidth = maskWidth;
    this.maskHeight = maskHeight;
    this.frameWidth = box.frameWidth();
    this.frameHeight = box.frameHeight();
    this.columns = taps(maskWidth, stride, box.scaledWidth(), box.frameWidth());
    this.rows = taps(maskHeight, stride, box.scaledHeight(), box.frameHeight());
  }

  private static AxisTaps taps(int mask, int stride, int resized, int frame) {
    AxisTaps toPadded = AxisTaps.bilinear(mask, mask * stride).firstOutputs(resized);
    return AxisTaps.compose(toPadded, AxisTaps.bilinear(resized, frame));
  }

  /**
   * @param probabilities mask maps, row-major, this one starting at {@code offset}
   * @return the frame-size mask, or null when no frame pixel passes the threshold
   */
  public Rle toFrame(float[] probabilities, int offset, float threshold) {
    HotCells hot = HotCells.of(probabilities, offset, maskWidth, maskHeight, threshold);
    if (hot == null) {
      return null;
    }
    int cx0 = hot.x0();
    int cy0 = hot.y0();
    int cx1 = hot.x1();
    int cy1 = hot.y1();
    int fy0 = firstReading(rows, cy0, cy1);
    int fy1 = lastReading(rows, cy0, cy1);
    int fx0 = firstReading(columns, cx0, cx1);
    int fx1 = lastReading(columns, cx0, cx1);
    if (fy0 < 0 || fx0 < 0) {
      return null;
    }
    int rowLo = rows.lowest(fy0);
    int rowHi = rows.highest(fy1);
    double[] column = new double[maskHeight];
    RleBuilder rle = new RleBuilder(frameHeight, frameWidth);
    for (int fx = fx0; fx <= fx1; fx++) {
      int base = fx * AxisTaps.MAX;
      for (int y = rowLo; y <= rowHi; y++) {
        int r = offset + y * maskWidth;
        double v = 0;
        for (int t = 0; t < columns.count[fx]; t++) {
          v += columns.weight[base + t] * probabilities[r + columns.index[base + t]];
        }
        column[y] = v;
      }
      int runStart = -1;
      for (int fy = fy0; fy <= fy1; fy++) {
        int rb = fy * AxisTaps.MAX;
        double v = 0;
        for (int t = 0; t < rows.count[fy]; t++) {
          v += rows.weight[rb + t] * column[rows.index[rb + t]];
        }
        boolean on = v > threshold;
        if (on && runStart < 0) {
          runStart = fy;
        } else if (!on && runStart >= 0) {
          rle.addColumnRun(fx, runStart, fy);
          runStart = -1;
        }
      }
      if (runStart >= 0) {
        rle.addColumnRun(fx, runStart, fy1 + 1);
      }
    }
    Rle out = rle.build();
    return out.area() == 0 ? null : out;
  }

  /** First output whose taps reach into [lo, hi], or -1. */
  private static int firstReading(AxisTaps taps, int lo, int hi) {
    for (int i = 0; i < taps.outputs; i++) {
      if (taps.highest(i) >= lo && taps.lowest(i) <= hi) {
        return i;
      }
    }
    return -1;
  }

  /** Last output whose taps reach into [lo, hi], or -1. */
  private static int lastReading(AxisTaps taps, int lo, int hi) {
    for (int i = taps.outputs - 1; i >= 0; i--) {
      if (taps.highest(i) >= lo && taps.lowest(i) <= hi) {
        return i;
      }
    }
    return -1;
  }
}
