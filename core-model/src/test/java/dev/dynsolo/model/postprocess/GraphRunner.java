package dev.dynsolo.model.postprocess;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds a small graph from constants, runs it once and copies the float result out. */
final class GraphRunner {
  private GraphRunner() {}

  static float[] run(Function<Ops, Operand<TFloat32>> build) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Operand<TFloat32> out = build.apply(Ops.create(graph));
      try (Result result = session.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) result.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false));
        return values;
      }
    }
  }
}
