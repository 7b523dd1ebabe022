package dev.dynsolo.training.eval;

import dev.dynsolo.model.api.Rle;

/** IoU of two RLE masks of the same size, computed on the runs without decoding. */
public final class MaskIou {
  private MaskIou() {}

  public static long intersection(Rle a, Rle b) {
    int[] ca = a.counts();
    int[] cb = b.counts();
    int ia = 0;
    int ib = 0;
    long ra = ca.length > 0 ? ca[0] : 0;
    long rb = cb.length > 0 ? cb[0] : 0;
    boolean va = false;
    boolean vb = false;
    long total = 0;
    long remaining = (long) a.height() * a.width();
    while (remaining > 0) {
      while (ra == 0 && ia < ca.length - 1) {
        ra = ca[++ia];
        va = !va;
      }
      while (rb == 0 && ib < cb.length - 1) {
        rb = cb[++ib];
        vb = !vb;
      }
      long step = Math.min(ra, rb);
      if (step == 0) {
        break;
      }
      if (va && vb) {
        total += step;
      }
      ra -= step;
      rb -= step;
      remaining -= step;
    }
    return total;
  }

  /** IoU; for a crowd ground truth, intersection over the detection's area (as pycocotools). */
  public static double iou(Rle detection, Rle truth, boolean crowd) {
    long inter = intersection(detection, truth);
    double union = crowd ? detection.area() : detection.area() + truth.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
