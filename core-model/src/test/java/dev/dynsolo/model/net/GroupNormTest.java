package dev.dynsolo.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Group norm, fused form (static shapes) and generic form (dynamic shapes), against the formula
 * computed here, and the gradients of both forms against each other.
 */
class GroupNormTest {
  private static final int B = 3;
  private static final int H = 5;
  private static final int W = 6;
  private static final int C = 8;
  private static final int GROUPS = 4;

  @Test
  void fusedAndGenericFormsMatchTheFormulaAndEachOther() {
    float[] input = new float[B * H * W * C];
    float[] weights = new float[input.length];
    Random random = new Random(3);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) (random.nextGaussian() * (1 + i % 5) + i % 7);
      weights[i] = (float) random.nextGaussian();
    }
    float[][] fused = run(Shape.of(-1, H, W, C), input, weights);
    float[][] generic = run(Shape.of(-1, -1, -1, C), input, weights);
    float[] expected = reference(input);
    for (int i = 0; i < input.length; i++) {
      assertEquals(expected[i], fused[0][i], 1e-4, "fused output " + i);
      assertEquals(expected[i], generic[0][i], 1e-4, "generic output " + i);
      assertEquals(generic[1][i], fused[1][i], 1e-4, "gradient " + i);
    }
  }

  /** {output, d sum(output * weights) / d input} for gamma 1, beta 0. */
  private static float[][] run(Shape placeholderShape, float[] input, float[] weights) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(placeholderShape));
      Layers layers = new Layers(tf, new VariableStore(tf, 1), BuildMode.TRAINING);
      Operand<TFloat32> y = layers.groupNorm("gn", x, C, GROUPS, 1f);
      Operand<TFloat32> loss = tf.sum(tf.math.mul(y, tf.constant(Shape.of(B, H, W, C), DataBuffers.of(weights))),
          tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grad = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()});
      try (Session session = new Session(graph);
          TFloat32 feed = TFloat32.tensorOf(Shape.of(B, H, W, C), DataBuffers.of(input))) {
        session.initialize();
        try (Result r = session.runner().feed(x, feed).fetch(y).fetch(grad[0]).run()) {
          return new float[][] {read((TFloat32) r.get(0)), read((TFloat32) r.get(1))};
        }
      }
    }
  }

  private static float[] read(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static float[] reference(float[] x) {
    float[] out = new float[x.length];
    int per = C / GROUPS;
    for (int b = 0; b < B; b++) {
      for (int g = 0; g < GROUPS; g++) {
        double sum = 0;
        double sq = 0;
        int n = H * W * per;
        for (int p = 0; p < H * W; p++) {
          for (int c = g * per; c < (g + 1) * per; c++) {
            double v = x[(b * H * W + p) * C + c];
            sum += v;
            sq += v * v;
          }
        }
        double mean = sum / n;
        double inv = 1 / Math.sqrt(sq / n - mean * mean + Layers.NORM_EPSILON);
        for (int p = 0; p < H * W; p++) {
          for (int c = g * per; c < (g + 1) * per; c++) {
            int i = (b * H * W + p) * C + c;
            out[i] = (float) ((x[i] - mean) * inv);
          }
        }
      }
    }
    return out;
  }
}
