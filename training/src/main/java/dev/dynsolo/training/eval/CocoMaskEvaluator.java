package dev.dynsolo.training.eval;

import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.ImageRecord;
import dev.dynsolo.training.data.InstanceAnnotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * COCO mask AP computed the way pycocotools' COCOeval does (iouType "segm"): IoU thresholds
 * .50:.05:.95, 101 recall points with interpolated precision, areas all/small/medium/large,
 * maxDets 1/10/100, crowd regions matched as "ignore" (IoU over the detection's area), detections
 * matched greedily by score, unmatched detections outside the area range ignored.
 */
public final class CocoMaskEvaluator {
  static final double[] IOU_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
  static final int RECALL_POINTS = 101;
  static final int[] MAX_DETS = {1, 10, 100};
  static final double[][] AREAS = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};

  private CocoMaskEvaluator() {}

  /** One image x class evaluation for one area range: matches per IoU threshold. */
  private record ImageEval(float[] scores, boolean[][] matched, boolean[][] ignored, int positives) {}

  public static EvalSummary evaluate(Dataset truth, List<Detection> detections) {
    int classes = truth.classNames().size();
    Map<Long, List<Detection>> byImage = new HashMap<>();
    for (Detection d : detections) {
      byImage.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
    }
    int t = IOU_THRESHOLDS.length;
    // precision[t][r][k][a][m], recall[t][k][a][m]
    double[][][][][] precision = new double[t][RECALL_POINTS][classes][AREAS.length][MAX_DETS.length];
    double[][][][] recall = new double[t][classes][AREAS.length][MAX_DETS.length];
    // Images in id order, as pycocotools' p.imgIds: equal scores across images keep that order.
    List<ImageRecord> images = new ArrayList<>(truth.images());
    images.sort(Comparator.comparingLong(ImageRecord::id));
    for (int k = 0; k < classes; k++) {
      for (int a = 0; a < AREAS.length; a++) {
        List<ImageEval> evals = new ArrayList<>();
        for (ImageRecord image : images) {
          ImageEval e = evaluateImage(image, byImage.getOrDefault(image.id(), List.of()), k, AREAS[a]);
          if (e != null) {
            evals.add(e);
          }
        }
        for (int m = 0; m < MAX_DETS.length; m++) {
          accumulate(evals, MAX_DETS[m], precision, recall, k, a, m);
        }
      }
    }
    return new EvalSummary(
        meanPrecision(precision, -1, 0, 2), meanPrecision(precision, 0, 0, 2), meanPrecision(precision, 5, 0, 2),
        meanPrecision(precision, -1, 1, 2), meanPrecision(precision, -1, 2, 2), meanPrecision(precision, -1, 3, 2),
        meanRecall(recall, 0, 0), meanRecall(recall, 0, 1), meanRecall(recall, 0, 2),
        meanRecall(recall, 1, 2), meanRecall(recall, 2, 2), meanRecall(recall, 3, 2));
  }

  private static ImageEval evaluateImage(ImageRecord image, List<Detection> all, int classIndex, double[] area) {
    List<InstanceAnnotation> gts = new ArrayList<>();
    for (InstanceAnnotation g : image.instances()) {
      if (g.classIndex() == classIndex) {
        gts.add(g);
      }
    }
    List<Detection> dts = new ArrayList<>();
    for (Detection d : all) {
      if (d.classIndex() == classIndex) {
        dts.add(d);
      }
    }
    if (gts.isEmpty() && dts.isEmpty()) {
      return null;
    }
    // Ground truths: ignored ones (crowd or outside the area range) last, stable.
    boolean[] gtIgnoreRaw = new boolean[gts.size()];
    for (int i = 0; i < gts.size(); i++) {
      InstanceAnnotation g = gts.get(i);
      double a = g.area(); // the annotation's area field, as pycocotools uses it
      gtIgnoreRaw[i] = g.crowd() || a < area[0] || a > area[1];
    }
    Integer[] gtOrder = new Integer[gts.size()];
    for (int i = 0; i < gtOrder.length; i++) {
      gtOrder[i] = i;
    }
    Arrays.sort(gtOrder, Comparator.comparingInt(i -> gtIgnoreRaw[i] ? 1 : 0));
    dts.sort(Comparator.comparingDouble((Detection d) -> -d.score()));
    int maxDet = MAX_DETS[MAX_DETS.length - 1];
    if (dts.size() > maxDet) {
      dts = dts.subList(0, maxDet);
    }
    int g = gts.size();
    int d = dts.size();
    boolean[] gtIgnore = new boolean[g];
    boolean[] crowd = new boolean[g];
    double[][] ious = new double[d][g];
    for (int j = 0; j < g; j++) {
      InstanceAnnotation gt = gts.get(gtOrder[j]);
      gtIgnore[j] = gtIgnoreRaw[gtOrder[j]];
      crowd[j] = gt.crowd();
      for (int i = 0; i < d; i++) {
        ious[i][j] = MaskIou.iou(dts.get(i).mask(), gt.mask(), gt.crowd());
      }
    }
    int thresholds = IOU_THRESHOLDS.length;
    boolean[][] dtMatched = new boolean[thresholds][d];
    boolean[][] dtIgnore = new boolean[thresholds][d];
    for (int ti = 0; ti < thresholds; ti++) {
      boolean[] gtMatched = new boolean[g];
      for (int i = 0; i < d; i++) {
        double best = Math.min(IOU_THRESHOLDS[ti], 1 - 1e-10);
        int match = -1;
        for (int j = 0; j < g; j++) {
          if (gtMatched[j] && !crowd[j]) {
            continue;
          }
          if (match > -1 && !gtIgnore[match] && gtIgnore[j]) {
            break;
          }
          if (ious[i][j] < best) {
            continue;
          }
          best = ious[i][j];
          match = j;
        }
        if (match == -1) {
          continue;
        }
        dtIgnore[ti][i] = gtIgnore[match];
        dtMatched[ti][i] = true;
        gtMatched[match] = true;
      }
    }
    float[] scores = new float[d];
    for (int i = 0; i < d; i++) {
      Detection det = dts.get(i);
      scores[i] = det.score();
      double a = det.mask().area();
      boolean outside = a < area[0] || a > area[1];
      for (int ti = 0; ti < thresholds; ti++) {
        if (!dtMatched[ti][i] && outside) {
          dtIgnore[ti][i] = true;
        }
      }
    }
    int positives = 0;
    for (boolean ig : gtIgnore) {
      positives += ig ? 0 : 1;
    }
    return new ImageEval(scores, dtMatched, dtIgnore, positives);
  }

  private static void accumulate(List<ImageEval> evals, int maxDet, double[][][][][] precision,
      double[][][][] recall, int k, int a, int m) {
    int thresholds = IOU_THRESHOLDS.length;
    int positives = 0;
    List<float[]> scoreParts = new ArrayList<>();
    int total = 0;
    for (ImageEval e : evals) {
      positives += e.positives();
      total += Math.min(maxDet, e.scores().length);
    }
    if (positives == 0) {
      for (int ti = 0; ti < thresholds; ti++) {
        recall[ti][k][a][m] = -1;
        for (int r = 0; r < RECALL_POINTS; r++) {
          precision[ti][r][k][a][m] = -1;
        }
      }
      return;
    }
    float[] scores = new float[total];
    int[] owner = new int[total];
    int[] index = new int[total];
    int n = 0;
    for (int ei = 0; ei < evals.size(); ei++) {
      ImageEval e = evals.get(ei);
      int count = Math.min(maxDet, e.scores().length);
      for (int i = 0; i < count; i++) {
        scores[n] = e.scores()[i];
        owner[n] = ei;
        index[n] = i;
        n++;
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    // Stable sort by descending score (numpy's mergesort on -score).
    Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
    for (int ti = 0; ti < thresholds; ti++) {
      double[] tp = new double[total];
      double[] fp = new double[total];
      double tpSum = 0;
      double fpSum = 0;
      int kept = 0;
      for (int oi : order) {
        ImageEval e = evals.get(owner[oi]);
        boolean matched = e.matched()[ti][index[oi]];
        boolean ignored = e.ignored()[ti][index[oi]];
        if (ignored) {
          continue;
        }
        if (matched) {
          tpSum++;
        } else {
          fpSum++;
        }
        tp[kept] = tpSum;
        fp[kept] = fpSum;
        kept++;
      }
      double[] rc = new double[kept];
      double[] pr = new double[kept];
      for (int i = 0; i < kept; i++) {
        rc[i] = tp[i] / positives;
        pr[i] = tp[i] / (fp[i] + tp[i] + Math.ulp(1.0));
      }
      recall[ti][k][a][m] = kept > 0 ? rc[kept - 1] : 0;
      for (int i = kept - 1; i > 0; i--) {
        if (pr[i] > pr[i - 1]) {
          pr[i - 1] = pr[i];
        }
      }
      for (int r = 0; r < RECALL_POINTS; r++) {
        // numpy's linspace(0, 1, 101): i * 0.01 (57 * 0.01 is 0.5700000000000001, not 0.57), then 1.0
        double threshold = r == RECALL_POINTS - 1 ? 1.0 : r * 0.01;
        int pos = searchLeft(rc, threshold);
        precision[ti][r][k][a][m] = pos < kept ? pr[pos] : 0;
      }
    }
  }

  /** First index i with values[i] >= x (numpy searchsorted, side left). */
  private static int searchLeft(double[] values, double x) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double meanPrecision(double[][][][][] p, int threshold, int area, int maxDet) {
    double sum = 0;
    int n = 0;
    for (int ti = 0; ti < p.length; ti++) {
      if (threshold >= 0 && ti != threshold) {
        continue;
      }
      for (double[][][] byRecall : p[ti]) {
        for (double[][] byClass : byRecall) {
          double v = byClass[area][maxDet];
          if (v > -1) {
            sum += v;
            n++;
          }
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }

  private static double meanRecall(double[][][][] r, int area, int maxDet) {
    double sum = 0;
    int n = 0;
    for (double[][][] byThreshold : r) {
      for (double[][] byClass : byThreshold) {
        double v = byClass[area][maxDet];
        if (v > -1) {
          sum += v;
          n++;
        }
      }
    }
    return n == 0 ? -1 : sum / n;
  }
}
