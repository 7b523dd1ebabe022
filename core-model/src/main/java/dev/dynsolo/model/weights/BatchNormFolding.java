package dev.dynsolo.model.weights;

import dev.dynsolo.model.net.ConvBnPair;
import java.util.List;

/**
 * Folds frozen BatchNorm into the convolution before it: w' = w * s, b' = beta - mean * s with
 * s = gamma / sqrt(var + eps). Turns training-form weights into the inference form.
 */
public final class BatchNormFolding {
  /** Must equal the epsilon the training graph uses. */
  public static final float EPSILON = 1e-5f;

  private BatchNormFolding() {}

  public static WeightSet fold(WeightSet training, List<ConvBnPair> pairs) {
    WeightSet out = new WeightSet();
    java.util.Set<String> consumed = new java.util.HashSet<>();
    for (ConvBnPair pair : pairs) {
      consumed.add(pair.conv() + ".weight");
      for (String suffix : List.of(".weight", ".bias", ".running_mean", ".running_var")) {
        consumed.add(pair.batchNorm() + suffix);
      }
    }
    for (String name : training.names()) {
      if (!consumed.contains(name)) {
        out.put(name, training.get(name));
      }
    }
    for (ConvBnPair pair : pairs) {
      WeightTensor w = training.get(pair.conv() + ".weight");
      float[] gamma = training.get(pair.batchNorm() + ".weight").values();
      float[] beta = training.get(pair.batchNorm() + ".bias").values();
      float[] mean = training.get(pair.batchNorm() + ".running_mean").values();
      float[] var = training.get(pair.batchNorm() + ".running_var").values();
      int outChannels = gamma.length;
      // In double, rounded once: folding adds no error beyond the final float32 rounding.
      double[] scale = new double[outChannels];
      float[] bias = new float[outChannels];
      for (int o = 0; o < outChannels; o++) {
        scale[o] = gamma[o] / Math.sqrt((double) var[o] + EPSILON);
        bias[o] = (float) (beta[o] - mean[o] * scale[o]);
      }
      float[] weights = w.values().clone();
      for (int i = 0; i < weights.length; i++) {
        weights[i] = (float) (weights[i] * scale[i % outChannels]); // HWIO: output channel is the fastest axis
      }
      out.put(pair.conv() + ".weight", new WeightTensor(w.shape(), weights));
      out.put(pair.conv() + ".bias", new WeightTensor(new long[] {outChannels}, bias));
    }
    return out;
  }
}
