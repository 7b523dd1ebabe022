package dev.dynsolo.model.weights;

import dev.dynsolo.model.net.ModelVariable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Copies variable values between a session and a {@link WeightSet}, in bulk. */
public final class SessionWeights {
  private SessionWeights() {}

  /** Reads every variable's current value. */
  public static WeightSet read(Session session, List<ModelVariable> variables) {
    WeightSet out = new WeightSet();
    Session.Runner runner = session.runner();
    for (ModelVariable v : variables) {
      runner.fetch(v.variable());
    }
    try (Result result = runner.run()) {
      for (int i = 0; i < variables.size(); i++) {
        ModelVariable v = variables.get(i);
        TFloat32 t = (TFloat32) result.get(i);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        out.put(v.name(), new WeightTensor(t.shape().asArray(), values));
      }
    }
    return out;
  }

  /**
   * Assigns every variable from {@code weights}; a missing name or a shape that differs fails with
   * the variable's name before anything is written.
   */
  public static void assign(Graph graph, Session session, List<ModelVariable> variables, WeightSet weights) {
    for (ModelVariable v : variables) {
      if (!weights.contains(v.name())) {
        throw new IllegalArgumentException("weights have no value for " + v.name());
      }
      Shape expected = v.shape();
      Shape actual = Shape.of(weights.get(v.name()).shape());
      if (!expected.equals(actual)) {
        throw new IllegalArgumentException(v.name() + " has shape " + actual + ", the model needs " + expected);
      }
    }
    Ops tf = Ops.create(graph).withSubScope("weight_import");
    Session.Runner runner = session.runner();
    List<TFloat32> feeds = new ArrayList<>();
    try {
      for (ModelVariable v : variables) {
        WeightTensor w = weights.get(v.name());
        Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
        Operand<TFloat32> assign = tf.assign(v.variable(), value);
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(w.shape()), DataBuffers.of(w.values(), true, false));
        feeds.add(tensor);
        runner.feed(value, tensor).addTarget(assign);
      }
      runner.run().close();
    } finally {
      feeds.forEach(TFloat32::close);
    }
  }
}
