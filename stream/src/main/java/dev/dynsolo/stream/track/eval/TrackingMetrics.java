package dev.dynsolo.stream.track.eval;

import dev.dynsolo.stream.track.LinearAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * HOTA, CLEAR (MOTA, identity switches) and identity (IDF1) metrics of tracker output against
 * ground truth with box IoU as similarity, computed as TrackEval computes them (Luiten et al.), so
 * the figures can be checked against it: per-frame optimal matchings that prefer continuing the
 * previous frame's match (CLEAR), one global id matching (identity), and alignment-weighted
 * matchings at 19 thresholds (HOTA).
 */
public final class TrackingMetrics {
  private static final double EPS = Math.ulp(1.0);
  private static final int ALPHAS = 19;

  private TrackingMetrics() {}

  /** One frame: ground truth and tracker ids (contiguous indices) and their IoU matrix. */
  private record Step(int[] gt, int[] tracker, double[][] similarity) {}

  /** Scores a sequence of {@code frames} frames (numbered from 1). */
  public static TrackingScores evaluate(List<MotRow> truth, List<MotRow> tracks, int frames) {
    Map<Long, Integer> gtIndex = index(truth);
    Map<Long, Integer> trackerIndex = index(tracks);
    List<Step> steps = new ArrayList<>();
    for (int t = 1; t <= frames; t++) {
      List<MotRow> g = rowsAt(truth, t);
      List<MotRow> d = rowsAt(tracks, t);
      double[][] sim = new double[g.size()][d.size()];
      for (int i = 0; i < g.size(); i++) {
        for (int j = 0; j < d.size(); j++) {
          sim[i][j] = iou(g.get(i), d.get(j));
        }
      }
      steps.add(new Step(g.stream().mapToInt(r -> gtIndex.get(r.id())).toArray(),
          d.stream().mapToInt(r -> trackerIndex.get(r.id())).toArray(), sim));
    }
    int gtIds = gtIndex.size();
    int trackerIds = trackerIndex.size();
    long[] clear = clear(steps, gtIds);
    double idf1 = identity(steps, gtIds, trackerIds);
    double[] hota = hota(steps, gtIds, trackerIds);
    long tp = clear[0];
    long fn = clear[1];
    long fp = clear[2];
    long idsw = clear[3];
    double mota = (tp - fp - idsw) / Math.max(1.0, tp + fn);
    return new TrackingScores(hota[0], hota[1], hota[2], mota, idf1, idsw, tp, fn, fp);
  }

  private static Map<Long, Integer> index(List<MotRow> rows) {
    TreeSet<Long> ids = new TreeSet<>();
    rows.forEach(r -> ids.add(r.id()));
    Map<Long, Integer> index = new TreeMap<>();
    for (long id : ids) {
      index.put(id, index.size());
    }
    return index;
  }

  private static List<MotRow> rowsAt(List<MotRow> rows, int frame) {
    return rows.stream().filter(r -> r.frame() == frame).toList();
  }

  /** TrackEval's box IoU (boxes as left, top, width, height). */
  static double iou(MotRow a, MotRow b) {
    double x0 = Math.max(a.left(), b.left());
    double y0 = Math.max(a.top(), b.top());
    double x1 = Math.min(a.left() + a.width(), b.left() + b.width());
    double y1 = Math.min(a.top() + a.height(), b.top() + b.height());
    double inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    double union = a.width() * a.height() + b.width() * b.height() - inter;
    return union <= EPS ? 0 : inter / union;
  }

  /** Maximum-score matching as (row, column) pairs, rows x columns. */
  private static int[] maximum(double[][] score, int columns) {
    double[][] cost = new double[score.length][columns];
    for (int i = 0; i < score.length; i++) {
      for (int j = 0; j < columns; j++) {
        cost[i][j] = -score[i][j];
      }
    }
    return LinearAssignment.minimumCost(cost, columns);
  }

  /** CLEAR at IoU 0.5: TP, FN, FP, IDSW. */
  private static long[] clear(List<Step> steps, int gtIds) {
    double threshold = 0.5;
    long tp = 0;
    long fn = 0;
    long fp = 0;
    long idsw = 0;
    int[] prevTracker = new int[gtIds];
    int[] prevStepTracker = new int[gtIds];
    java.util.Arrays.fill(prevTracker, -1);
    java.util.Arrays.fill(prevStepTracker, -1);
    for (Step s : steps) {
      if (s.gt.length == 0) {
        fp += s.tracker.length;
        continue;
      }
      if (s.tracker.length == 0) {
        fn += s.gt.length;
        continue;
      }
      double[][] score = new double[s.gt.length][s.tracker.length];
      for (int i = 0; i < s.gt.length; i++) {
        for (int j = 0; j < s.tracker.length; j++) {
          double v = (s.tracker[j] == prevStepTracker[s.gt[i]] ? 1000 : 0) + s.similarity[i][j];
          score[i][j] = s.similarity[i][j] < threshold - EPS ? 0 : v;
        }
      }
      int[] match = maximum(score, s.tracker.length);
      int matches = 0;
      java.util.Arrays.fill(prevStepTracker, -1);
      for (int i = 0; i < s.gt.length; i++) {
        int j = match[i];
        if (j < 0 || score[i][j] <= EPS) {
          continue;
        }
        matches++;
        int g = s.gt[i];
        if (prevTracker[g] >= 0 && prevTracker[g] != s.tracker[j]) {
          idsw++;
        }
        prevTracker[g] = s.tracker[j];
        prevStepTracker[g] = s.tracker[j];
      }
      tp += matches;
      fn += s.gt.length - matches;
      fp += s.tracker.length - matches;
    }
    return new long[] {tp, fn, fp, idsw};
  }

  /** IDF1 from one global matching of ground truth ids to tracker ids. */
  private static double identity(List<Step> steps, int gtIds, int trackerIds) {
    double[][] potential = new double[gtIds][trackerIds];
    double[] gtCount = new double[gtIds];
    double[] trackerCount = new double[trackerIds];
    for (Step s : steps) {
      for (int i = 0; i < s.gt.length; i++) {
        for (int j = 0; j < s.tracker.length; j++) {
          if (s.similarity[i][j] >= 0.5) {
            potential[s.gt[i]][s.tracker[j]]++;
          }
        }
      }
      for (int g : s.gt) {
        gtCount[g]++;
      }
      for (int d : s.tracker) {
        trackerCount[d]++;
      }
    }
    int n = gtIds + trackerIds;
    double[][] fpMat = new double[n][n];
    double[][] fnMat = new double[n][n];
    for (int i = gtIds; i < n; i++) {
      for (int j = 0; j < trackerIds; j++) {
        fpMat[i][j] = 1e10;
      }
    }
    for (int i = 0; i < gtIds; i++) {
      for (int j = trackerIds; j < n; j++) {
        fnMat[i][j] = 1e10;
      }
    }
    for (int g = 0; g < gtIds; g++) {
      for (int j = 0; j < trackerIds; j++) {
        fnMat[g][j] = gtCount[g];
      }
      fnMat[g][trackerIds + g] = gtCount[g];
    }
    for (int d = 0; d < trackerIds; d++) {
      for (int i = 0; i < gtIds; i++) {
        fpMat[i][d] = trackerCount[d];
      }
      fpMat[d + gtIds][d] = trackerCount[d];
    }
    for (int g = 0; g < gtIds; g++) {
      for (int d = 0; d < trackerIds; d++) {
        fnMat[g][d] -= potential[g][d];
        fpMat[g][d] -= potential[g][d];
      }
    }
    double[][] cost = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        cost[i][j] = fnMat[i][j] + fpMat[i][j];
      }
    }
    int[] match = LinearAssignment.minimumCost(cost, n);
    double idfn = 0;
    double idfp = 0;
    for (int i = 0; i < n; i++) {
      idfn += fnMat[i][match[i]];
      idfp += fpMat[i][match[i]];
    }
    double total = 0;
    for (double c : gtCount) {
      total += c;
    }
    double idtp = total - idfn;
    return idtp / Math.max(1.0, idtp + 0.5 * idfp + 0.5 * idfn);
  }

  /** HOTA, DetA and AssA, each averaged over the 19 thresholds. */
  private static double[] hota(List<Step> steps, int gtIds, int trackerIds) {
    double[][] potential = new double[gtIds][trackerIds];
    double[] gtCount = new double[gtIds];
    double[] trackerCount = new double[trackerIds];
    for (Step s : steps) {
      double[] rowSum = new double[s.gt.length];
      double[] colSum = new double[s.tracker.length];
      for (int i = 0; i < s.gt.length; i++) {
        for (int j = 0; j < s.tracker.length; j++) {
          rowSum[i] += s.similarity[i][j];
          colSum[j] += s.similarity[i][j];
        }
      }
      for (int i = 0; i < s.gt.length; i++) {
        for (int j = 0; j < s.tracker.length; j++) {
          double denom = colSum[j] + rowSum[i] - s.similarity[i][j];
          if (denom > EPS) {
            potential[s.gt[i]][s.tracker[j]] += s.similarity[i][j] / denom;
          }
        }
      }
      for (int g : s.gt) {
        gtCount[g]++;
      }
      for (int d : s.tracker) {
        trackerCount[d]++;
      }
    }
    double[][] alignment = new double[gtIds][trackerIds];
    for (int g = 0; g < gtIds; g++) {
      for (int d = 0; d < trackerIds; d++) {
        alignment[g][d] = potential[g][d] / (gtCount[g] + trackerCount[d] - potential[g][d]);
      }
    }
    double[] tp = new double[ALPHAS];
    double[] fn = new double[ALPHAS];
    double[] fp = new double[ALPHAS];
    double[][][] matches = new double[ALPHAS][gtIds][trackerIds];
    for (Step s : steps) {
      if (s.gt.length == 0 || s.tracker.length == 0) {
        for (int a = 0; a < ALPHAS; a++) {
          fp[a] += s.tracker.length;
          fn[a] += s.gt.length;
        }
        continue;
      }
      double[][] score = new double[s.gt.length][s.tracker.length];
      for (int i = 0; i < s.gt.length; i++) {
        for (int j = 0; j < s.tracker.length; j++) {
          score[i][j] = alignment[s.gt[i]][s.tracker[j]] * s.similarity[i][j];
        }
      }
      int[] match = maximum(score, s.tracker.length);
      for (int a = 0; a < ALPHAS; a++) {
        double alpha = 0.05 + a * 0.05;
        int n = 0;
        for (int i = 0; i < s.gt.length; i++) {
          int j = match[i];
          if (j >= 0 && s.similarity[i][j] >= alpha - EPS) {
            n++;
            matches[a][s.gt[i]][s.tracker[j]]++;
          }
        }
        tp[a] += n;
        fn[a] += s.gt.length - n;
        fp[a] += s.tracker.length - n;
      }
    }
    double hota = 0;
    double detA = 0;
    double assA = 0;
    for (int a = 0; a < ALPHAS; a++) {
      double sum = 0;
      for (int g = 0; g < gtIds; g++) {
        for (int d = 0; d < trackerIds; d++) {
          double m = matches[a][g][d];
          sum += m * (m / Math.max(1, gtCount[g] + trackerCount[d] - m));
        }
      }
      double ass = sum / Math.max(1, tp[a]);
      double det = tp[a] / Math.max(1, tp[a] + fn[a] + fp[a]);
      hota += Math.sqrt(det * ass);
      detA += det;
      assA += ass;
    }
    return new double[] {hota / ALPHAS, detA / ALPHAS, assA / ALPHAS};
  }
}
