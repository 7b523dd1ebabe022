package dev.dynsolo.model.weights;

import java.util.Arrays;

/**
 * The value of one variable held on the Java heap: a shape and row-major floats. Conv weights are
 * HWIO, the TensorFlow layout.
 */
public record WeightTensor(long[] shape, float[] values) {

  public WeightTensor {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + size + " values, got " + values.length);
    }
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
