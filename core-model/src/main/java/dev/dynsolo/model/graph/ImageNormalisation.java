package dev.dynsolo.model.graph;

import dev.dynsolo.model.config.InputConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/** uint8 RGB to (x - mean) / std in float32, inside the graph so the feed stays 1 byte a value. */
public final class ImageNormalisation {
  private ImageNormalisation() {}

  public static Operand<TFloat32> apply(Ops tf, Operand<TUint8> images, InputConfig input) {
    float[] mean = new float[3];
    float[] scale = new float[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = input.mean().get(c);
      scale[c] = 1f / input.std().get(c);
    }
    Operand<TFloat32> x = tf.dtypes.cast(images, TFloat32.class);
    return tf.math.mul(tf.math.sub(x, tf.constant(mean)), tf.constant(scale));
  }
}
