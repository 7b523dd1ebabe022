package dev.dynsolo.model.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Creates the network's variables with flat names (VariableV2, so {@code Session.save/restore} and
 * the framework optimizers see them) and remembers them in creation order. Initial values come
 * from random ops seeded by the variable name, so a graph is small and its start is reproducible.
 */
public final class VariableStore {
  private final Ops tf;
  private final long seed;
  private final Map<String, ModelVariable> variables = new LinkedHashMap<>();

  public VariableStore(Ops tf, long seed) {
    this.tf = tf;
    this.seed = seed;
  }

  /**
   * Creates a variable, or returns the one already made under this name (how the head shares its
   * weights across pyramid levels); a second use with another shape is a programming error.
   */
  public Operand<TFloat32> create(String name, Shape shape, Init init, VariableRole role) {
    ModelVariable existing = variables.get(name);
    if (existing != null) {
      if (!existing.shape().equals(shape)) {
        throw new IllegalStateException(
            "variable " + name + " reused with shape " + shape + " but was " + existing.shape());
      }
      return existing.variable();
    }
    Operand<TFloat32> initial = initialValue(name, shape, init);
    var variable = tf.withName(name).variable(initial);
    variables.put(name, new ModelVariable(name, shape, role, variable));
    return variable;
  }

  /** All variables in creation order. */
  public List<ModelVariable> all() {
    return Collections.unmodifiableList(new ArrayList<>(variables.values()));
  }

  /** Number of trainable scalars (what the paper counts as parameters). */
  public long trainableParameterCount() {
    return variables.values().stream()
        .filter(v -> v.role() == VariableRole.TRAINABLE)
        .mapToLong(ModelVariable::size)
        .sum();
  }

  private Operand<TFloat32> initialValue(String name, Shape shape, Init init) {
    Operand<org.tensorflow.types.TInt64> dims = tf.constant(shape.asArray());
    long opSeed = seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L);
    if (init instanceof Init.Constant c) {
      return tf.fill(dims, tf.constant(c.value()));
    }
    if (init instanceof Init.Normal n) {
      return scaledNormal(dims, opSeed, n.std());
    }
    if (init instanceof Init.HeNormal) {
      return scaledNormal(dims, opSeed, (float) Math.sqrt(2.0 / fanOut(shape)));
    }
    float limit = (float) Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
    Operand<TFloat32> unit = tf.random.randomUniform(
        dims, TFloat32.class, RandomUniform.seed(seed), RandomUniform.seed2(opSeed));
    return tf.math.mul(tf.math.sub(unit, tf.constant(0.5f)), tf.constant(2 * limit));
  }

  private Operand<TFloat32> scaledNormal(Operand<org.tensorflow.types.TInt64> dims, long opSeed, float std) {
    Operand<TFloat32> normal = tf.random.randomStandardNormal(
        dims, TFloat32.class, RandomStandardNormal.seed(seed), RandomStandardNormal.seed2(opSeed));
    return tf.math.mul(normal, tf.constant(std));
  }

  /** Receptive field size times output channels, for HWIO kernels; the length for vectors. */
  private static double fanOut(Shape shape) {
    if (shape.numDimensions() == 4) {
      return shape.size(0) * shape.size(1) * shape.size(3);
    }
    return shape.size(shape.numDimensions() - 1);
  }

  private static double fanIn(Shape shape) {
    if (shape.numDimensions() == 4) {
      return shape.size(0) * shape.size(1) * shape.size(2);
    }
    return shape.size(0);
  }
}
