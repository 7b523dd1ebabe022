package dev.dynsolo.model.api;

/**
 * Linear resampling along one axis as a sparse matrix: for each output index, the source indices
 * and weights (at most {@link #MAX} of them) whose weighted sum gives the output. Composing two
 * bilinear resizes (mask to padded input, crop, input to frame) gives taps of one linear map.
 */
final class AxisTaps {
  static final int MAX = 4;

  final int outputs;
  final int[] index;
  final double[] weight;
  final int[] count;

  private AxisTaps(int outputs) {
    this.outputs = outputs;
    this.index = new int[outputs * MAX];
    this.weight = new double[outputs * MAX];
    this.count = new int[outputs];
  }

  /**
   * PyTorch's bilinear resize with {@code align_corners=False} from {@code in} to {@code out}
   * samples: src = (i + 0.5) * in / out - 0.5, clamped at 0, upper neighbour clamped at in - 1.
   */
  static AxisTaps bilinear(int in, int out) {
    AxisTaps taps = new AxisTaps(out);
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      double src = Math.max(0, (i + 0.5) * scale - 0.5);
      int lo = Math.min((int) src, in - 1);
      int hi = Math.min(lo + 1, in - 1);
      double lambda = src - lo;
      taps.add(i, lo, 1 - lambda);
      taps.add(i, hi, lambda);
    }
    return taps;
  }

  /** First {@code first}, then {@code then}: the taps of then(first(x)). */
  static AxisTaps compose(AxisTaps first, AxisTaps then) {
    AxisTaps out = new AxisTaps(then.outputs);
    for (int i = 0; i < then.outputs; i++) {
      for (int a = 0; a < then.count[i]; a++) {
        int mid = then.index[i * MAX + a];
        double w = then.weight[i * MAX + a];
        for (int b = 0; b < first.count[mid]; b++) {
          out.add(i, first.index[mid * MAX + b], w * first.weight[mid * MAX + b]);
        }
      }
    }
    return out;
  }

  /** Taps restricted to the first {@code n} outputs (a crop). */
  AxisTaps firstOutputs(int n) {
    AxisTaps out = new AxisTaps(n);
    System.arraycopy(index, 0, out.index, 0, n * MAX);
    System.arraycopy(weight, 0, out.weight, 0, n * MAX);
    System.arraycopy(count, 0, out.count, 0, n);
    return out;
  }

  /** Smallest source index output {@code i} reads. */
  int lowest(int i) {
    int m = Integer.MAX_VALUE;
    for (int t = 0; t < count[i]; t++) {
      m = Math.min(m, index[i * MAX + t]);
    }
    return m;
  }

  /** Largest source index output {@code i} reads. */
  int highest(int i) {
    int m = -1;
    for (int t = 0; t < count[i]; t++) {
      m = Math.max(m, index[i * MAX + t]);
    }
    return m;
  }

  private void add(int i, int source, double w) {
    if (w == 0) {
      return;
    }
    int base = i * MAX;
    for (int t = 0; t < count[i]; t++) {
      if (index[base + t] == source) {
        weight[base + t] += w;
        return;
      }
    }
    if (count[i] == MAX) {
      throw new IllegalStateException("more than " + MAX + " taps for one output");
    }
    index[base + count[i]] = source;
    weight[base + count[i]] = w;
    count[i]++;
  }
}
