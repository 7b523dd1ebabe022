package dev.dynsolo.model.postprocess;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Min;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Batched, class-aware Matrix NMS (SOLOv2 section 4): each instance's score decays by the IoU
 * with every higher-scored instance of its class, compensated by how suppressed that instance is
 * itself. Candidates must be sorted by score, descending, along axis 1.
 */
public final class MatrixNms {
  /** Guards the linear kernel's (1 - compensate) against zero, as an infinite decay would be. */
  static final float LINEAR_EPSILON = 1e-6f;

  private MatrixNms() {}

  /**
   * @param masks binary masks [B, K, P] (P pixels)
   * @param areas mask areas [B, K]
   * @param classes class ids [B, K]
   * @param sigma gaussian sigma (scalar)
   * @param linear 1 for the linear kernel, 0 for gaussian (scalar float)
   * @return decay coefficients [B, K] in [0, 1]
   */
  public static Operand<TFloat32> decay(Ops tf, Operand<TFloat32> masks, Operand<TFloat32> areas,
      Operand<TInt32> classes, Operand<TFloat32> sigma, Operand<TFloat32> linear) {
    Operand<TFloat32> inter = tf.train.batchMatMul(masks, masks, TFloat32.class, BatchMatMul.adjY(true));
    Operand<TFloat32> areaRow = tf.expandDims(areas, tf.constant(2));
    Operand<TFloat32> areaCol = tf.expandDims(areas, tf.constant(1));
    Operand<TFloat32> union = tf.math.sub(tf.math.add(areaRow, areaCol), inter);
    Operand<TFloat32> iou = tf.math.divNoNan(inter, union);

    Operand<TInt32> k = tf.slice(tf.shape(masks), tf.constant(new int[] {1}), tf.constant(new int[] {1}));
    Operand<TInt32> index = tf.range(tf.constant(0), tf.reshape(k, tf.constant(new int[0])), tf.constant(1));
    Operand<TFloat32> upper = tf.dtypes.cast(tf.math.less(
        tf.expandDims(index, tf.constant(1)), tf.expandDims(index, tf.constant(0))), TFloat32.class);
    Operand<TFloat32> sameClass = tf.dtypes.cast(tf.math.equal(
        tf.expandDims(classes, tf.constant(2)), tf.expandDims(classes, tf.constant(1))), TFloat32.class);
    Operand<TFloat32> decayIou = tf.math.mul(tf.math.mul(iou, upper), sameClass);

    Operand<TFloat32> compensate = tf.expandDims(
        tf.max(decayIou, tf.constant(1), Max.keepDims(false)), tf.constant(2));

    Operand<TFloat32> gaussian = tf.math.exp(tf.math.mul(tf.math.neg(sigma),
        tf.math.sub(tf.math.square(decayIou), tf.math.square(compensate))));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> linearDecay = tf.math.div(tf.math.sub(one, decayIou),
        tf.math.maximum(tf.math.sub(one, compensate), tf.constant(LINEAR_EPSILON)));
    Operand<TFloat32> matrix = tf.math.add(tf.math.mul(linear, linearDecay),
        tf.math.mul(tf.math.sub(one, linear), gaussian));
    return tf.min(matrix, tf.constant(1), Min.keepDims(false));
  }
}
