package dev.dynsolo.model.weights.torch;

import dev.dynsolo.model.weights.WeightTensor;
import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a storage, an element offset
 * into it, a shape and strides (in elements). Converting it reads the storage in C order whatever
 * the strides, so a non-contiguous tensor reads correctly too.
 */
public record TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride) {

  public TorchTensor {
    shape = shape.clone();
    stride = stride.clone();
    if (shape.length != stride.length) {
      throw new IllegalArgumentException("tensor has " + shape.length + " sizes but " + stride.length + " strides");
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public TorchDtype dtype() {
    return storage.dtype();
  }

  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The values as float32 in C order, with the same shape. */
  public WeightTensor toWeightTensor() {
    long n = numel();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    long last = offset;
    for (int d = 0; d < shape.length; d++) {
      last += (shape[d] - 1) * stride[d];
    }
    if (n > 0 && (offset < 0 || last >= storage.numel())) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " reaches past its storage "
          + storage.key() + " of " + storage.numel() + " elements");
    }
    float[] values = new float[(int) n];
    if (contiguous()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) storage.get(offset + i);
      }
      return new WeightTensor(shape, values);
    }
    long[] index = new long[shape.length];
    for (int i = 0; i < values.length; i++) {
      long at = offset;
      for (int d = 0; d < shape.length; d++) {
        at += index[d] * stride[d];
      }
      values[i] = (float) storage.get(at);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return new WeightTensor(shape, values);
  }

  /** True when the strides are those of a C-ordered array of this shape. */
  private boolean contiguous() {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }
}
