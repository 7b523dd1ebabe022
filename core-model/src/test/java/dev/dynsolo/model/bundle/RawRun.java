package dev.dynsolo.model.bundle;

import dev.dynsolo.model.graph.InferenceGraph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** Runs a serving graph or bundle once with permissive thresholds and copies the outputs out. */
public record RawRun(float[] scores, int[] classes, float[] masks, int[] count) {

  public static RawRun of(Session session, String images, String score, String update, String scores, String classes,
      String masks, String count, byte[] pixels, int batch, int size) {
    try (TUint8 in = TUint8.tensorOf(Shape.of(batch, size, size, 3), DataBuffers.of(pixels, true, false));
        TFloat32 zero = TFloat32.scalarOf(0f);
        Result r = session.runner().feed(images, in).feed(score, zero).feed(update, zero)
            .fetch(scores).fetch(classes).fetch(masks).fetch(count).run()) {
      float[] s = new float[(int) r.get(0).shape().size()];
      int[] c = new int[(int) r.get(1).shape().size()];
      float[] m = new float[(int) r.get(2).shape().size()];
      int[] n = new int[(int) r.get(3).shape().size()];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(s, false, false));
      ((TInt32) r.get(1)).copyTo(DataBuffers.of(c, false, false));
      ((TFloat32) r.get(2)).copyTo(DataBuffers.of(m, false, false));
      ((TInt32) r.get(3)).copyTo(DataBuffers.of(n, false, false));
      return new RawRun(s, c, m, n);
    }
  }

  public static RawRun of(Session session, InferenceGraph g, byte[] pixels, int batch, int size) {
    return of(session, name(g.images()), name(g.thresholds().score()), name(g.thresholds().update()),
        name(g.detections().scores()), name(g.detections().classes()), name(g.detections().masks()),
        name(g.detections().count()), pixels, batch, size);
  }

  private static String name(org.tensorflow.Operand<?> op) {
    return op.op().name();
  }
}
