package dev.dynsolo.model.postprocess;

import dev.dynsolo.model.net.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Points NMS on category probabilities: a cell keeps its score only where it is the maximum of the
 * 2x2 window ending at it (the reference {@code max_pool2d(k=2, s=1, pad=1)[:-1, :-1]}).
 */
public final class PointsNms {
  private PointsNms() {}

  /** {@code probabilities} [B, S, S, C] in [0, 1]; returns the same shape with non-maxima zeroed. */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> probabilities) {
    // Probabilities are >= 0, so padding with 0 behaves like the reference's -inf padding.
    Operand<TFloat32> padded = tf.pad(probabilities,
        tf.constant(new int[][] {{0, 0}, {1, 0}, {1, 0}, {0, 0}}), tf.constant(0f));
    Operand<TFloat32> windowMax = Layers.maxPool(tf, padded, 2, 1);
    Operand<TFloat32> isMax = tf.dtypes.cast(tf.math.equal(windowMax, probabilities), TFloat32.class);
    return tf.math.mul(probabilities, isMax);
  }
}
