package dev.dynsolo.model.graph;

import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.InputResize;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * uint8 RGB to (x - mean) / std in float32, inside the graph so the feed stays 1 byte a value. A
 * division, as the authors' Normalize does (a multiply by the reciprocal differs in the last bit).
 * Keep-ratio inputs are then padded bottom and right with zeros to a multiple of 32, as the
 * authors pad after normalising.
 */
public final class ImageNormalisation {
  private ImageNormalisation() {}

  public static Operand<TFloat32> apply(Ops tf, Operand<TUint8> images, InputConfig input) {
    float[] mean = new float[3];
    float[] std = new float[3];
    for (int c = 0; c < 3; c++) {
      mean[c] = input.mean().get(c);
      std[c] = input.std().get(c);
    }
    Operand<TFloat32> x = tf.dtypes.cast(images, TFloat32.class);
    Operand<TFloat32> normalised = tf.math.div(tf.math.sub(x, tf.constant(mean)), tf.constant(std));
    return input.resize() == InputResize.KEEP_RATIO ? padToDivisor(tf, normalised) : normalised;
  }

  private static Operand<TFloat32> padToDivisor(Ops tf, Operand<TFloat32> x) {
    Operand<TInt32> hw = tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
    Operand<TInt32> divisor = tf.constant(InputConfig.SIZE_DIVISOR);
    Operand<TInt32> extra = tf.math.floorMod(tf.math.sub(divisor, tf.math.floorMod(hw, divisor)), divisor);
    Operand<TInt32> after = tf.concat(List.of(tf.constant(new int[] {0}), extra, tf.constant(new int[] {0})),
        tf.constant(0));
    Operand<TInt32> paddings = tf.stack(List.of(tf.constant(new int[] {0, 0, 0, 0}), after), org.tensorflow.op.core.Stack.axis(1L));
    return tf.pad(x, paddings, tf.constant(0f));
  }
}
