package dev.dynsolo.model.postprocess;

/**
 * A plain-Java Matrix NMS written straight from the paper's pseudo-code (loops, doubles), used to
 * check the graph version. Candidates are sorted by score, descending.
 */
final class ReferenceMatrixNms {
  private ReferenceMatrixNms() {}

  static double[] decay(boolean[][] masks, int[] classes, boolean linear, double sigma) {
    int n = masks.length;
    double[] area = new double[n];
    for (int i = 0; i < n; i++) {
      for (boolean b : masks[i]) {
        area[i] += b ? 1 : 0;
      }
    }
    double[][] iou = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (classes[i] != classes[j]) {
          continue;
        }
        double inter = 0;
        for (int p = 0; p < masks[i].length; p++) {
          inter += masks[i][p] && masks[j][p] ? 1 : 0;
        }
        double union = area[i] + area[j] - inter;
        iou[i][j] = union == 0 ? 0 : inter / union;
      }
    }
    double[] compensate = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < j; i++) {
        compensate[j] = Math.max(compensate[j], iou[i][j]);
      }
    }
    double[] decay = new double[n];
    for (int j = 0; j < n; j++) {
      double min = Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        double d = i < j ? iou[i][j] : 0;
        double value = linear
            ? (1 - d) / Math.max(1 - compensate[i], MatrixNms.LINEAR_EPSILON)
            : Math.exp(-sigma * d * d) / Math.exp(-sigma * compensate[i] * compensate[i]);
        min = Math.min(min, value);
      }
      decay[j] = min;
    }
    return decay;
  }
}
