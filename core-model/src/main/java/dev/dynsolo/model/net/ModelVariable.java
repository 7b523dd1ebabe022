package dev.dynsolo.model.net;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A named network variable. Names are flat and follow the authors' checkpoint keys
 * ({@code backbone.layer1.0.conv1.weight}); conv weights are stored HWIO.
 */
public record ModelVariable(String name, Shape shape, VariableRole role, Variable<TFloat32> variable) {

  /** Number of scalars the variable holds. */
  public long size() {
    return shape.size();
  }
}
