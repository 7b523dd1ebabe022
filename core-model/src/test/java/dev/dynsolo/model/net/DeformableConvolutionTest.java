package dev.dynsolo.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The deformable convolution's sampling, checked by what it must equal: with zero offsets a plain
 * convolution (any stride, 3x3 and 1x1), with whole-pixel offsets a convolution of the shifted
 * input (zeros coming in at the border), with a modulation that scale on every tap, and with a
 * half-pixel offset the mean of two neighbours. (Its arithmetic against the authors' kernels is
 * {@code AuthorsDcnTest}.) It also has gradients, for fine-tuning imported DCN models.
 */
class DeformableConvolutionTest {
  private static final int H = 7;
  private static final int W = 9;
  private static final int C = 3;
  private static final int OUT = 4;

  @Test
  void zeroOffsetsGiveThePlainConvolution() {
    for (int k : new int[] {1, 3}) {
      for (int stride : new int[] {1, 2}) {
        float[] plain = run(tf -> plainConv(tf, input(tf), weights(tf, k), k, stride));
        float[] deformed = run(tf -> {
          Operand<TFloat32> x = input(tf);
          return DeformableConvolution.apply(tf, x, zeros(tf, x, 2 * k * k, k, stride), null, weights(tf, k), k,
              stride, 1, false);
        });
        assertClose(plain, deformed, "k " + k + " stride " + stride);
      }
    }
  }

  /**
   * Features of unknown size are sampled in eight chunks of positions, one after the other; fewer
   * positions than chunks leave some empty. Both give the plain convolution at zero offsets.
   */
  @Test
  void chunkedSamplingGivesThePlainConvolutionToo() {
    for (int[] size : new int[][] {{5, 7}, {1, 3}}) {
      int h = size[0];
      int w = size[1];
      int channels = 256;
      float[] plain = run(tf -> plainConv(tf, random(tf, 3, Shape.of(1, h, w, channels)),
          random(tf, 4, Shape.of(3, 3, channels, OUT)), 3, 1));
      float[] deformed = run(tf -> {
        // Of unknown size, as a keep-ratio graph's features are: sampled in the most chunks.
        Operand<TFloat32> x = tf.placeholderWithDefault(random(tf, 3, Shape.of(1, h, w, channels)),
            Shape.of(-1, -1, -1, channels));
        Operand<TFloat32> offsets = tf.math.mul(plainConv(tf, x, tf.zeros(tf.constant(new int[] {3, 3, channels, 18}),
            TFloat32.class), 3, 1), tf.constant(0f));
        return DeformableConvolution.apply(tf, x, offsets, null, random(tf, 4, Shape.of(3, 3, channels, OUT)), 3, 1,
            1, false);
      });
      assertClose(plain, deformed, h + "x" + w + " x " + channels);
    }
  }

  /**
   * The bf16 signature's path (a bfloat16 matmul of the float32 samples) stays within bfloat16
   * rounding of float32.
   */
  @Test
  void bfloat16SamplingStaysNearFloat32() {
    float[][] results = new float[2][];
    for (int i = 0; i < 2; i++) {
      boolean bf16 = i == 1;
      results[i] = run(tf -> {
        Operand<TFloat32> x = random(tf, 5, Shape.of(1, 6, 8, 64));
        Operand<TFloat32> offsets = tf.math.mul(random(tf, 6, Shape.of(1, 6, 8, 18)), tf.constant(1.5f));
        Operand<TFloat32> modulation = tf.math.sigmoid(random(tf, 7, Shape.of(1, 6, 8, 9)));
        return DeformableConvolution.apply(tf, x, offsets, modulation, random(tf, 8, Shape.of(3, 3, 64, OUT)), 3, 1,
            1, bf16);
      });
    }
    double scale = 0;
    double worst = 0;
    for (int j = 0; j < results[0].length; j++) {
      scale = Math.max(scale, Math.abs(results[0][j]));
      worst = Math.max(worst, Math.abs(results[0][j] - results[1][j]));
    }
    assertTrue(worst > 0, "bf16 gave float32's values bit for bit: it did not run");
    assertTrue(worst < 0.02 * scale, "bf16 differs by " + worst + " on values up to " + scale);
  }

  @Test
  void wholePixelOffsetsShiftTheInputAndBringZerosInAtTheBorder() {
    // dy = +1 on every tap reads rows y .. y + 2 instead of y - 1 .. y + 1: a VALID convolution of the
    // input padded with no row on top and two zero rows below.
    float[] shifted = run(tf -> {
      Operand<TFloat32> moved = tf.pad(input(tf), tf.constant(new int[][] {{0, 0}, {0, 2}, {1, 1}, {0, 0}}),
          tf.constant(0f));
      return tf.nn.conv2d(moved, weights(tf, 3), List.of(1L, 1L, 1L, 1L), "VALID");
    });
    float[] deformed = run(tf -> {
      Operand<TFloat32> x = input(tf);
      return DeformableConvolution.apply(tf, x, pairs(tf, x, 1f, 0f), null, weights(tf, 3), 3, 1, 1, false);
    });
    assertClose(shifted, deformed, "dy = 1");
  }

  @Test
  void modulationScalesEveryTap() {
    float[] plain = run(tf -> tf.math.mul(plainConv(tf, input(tf), weights(tf, 3), 3, 1), tf.constant(0.25f)));
    float[] modulated = run(tf -> {
      Operand<TFloat32> x = input(tf);
      Operand<TFloat32> quarter = tf.math.add(zeros(tf, x, 9, 3, 1), tf.constant(0.25f));
      return DeformableConvolution.apply(tf, x, zeros(tf, x, 18, 3, 1), quarter, weights(tf, 3), 3, 1, 1, false);
    });
    assertClose(plain, modulated, "modulation 0.25");
  }

  @Test
  void halfPixelOffsetsAverageNeighbours() {
    // A 1x1 kernel of ones at dx = 0.5 reads (x[j] + x[j + 1]) / 2, and half of x[W - 1] at the right edge.
    float[] in = run(DeformableConvolutionTest::input);
    float[] out = run(tf -> {
      Operand<TFloat32> x = input(tf);
      Operand<TFloat32> ones = tf.reshape(tf.constant(identity()), tf.constant(new int[] {1, 1, C, C}));
      return DeformableConvolution.apply(tf, x, pairs1x1(tf, x, 0f, 0.5f), null, ones, 1, 1, 1, false);
    });
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int c = 0; c < C; c++) {
          float right = x + 1 < W ? in[(y * W + x + 1) * C + c] : 0f;
          float expected = 0.5f * in[(y * W + x) * C + c] + 0.5f * right;
          assertEquals(expected, out[(y * W + x) * C + c], 1e-6, "(" + y + ", " + x + ")");
        }
      }
    }
  }

  @Test
  void gradientsReachInputWeightsOffsetsAndModulation() {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> x = input(tf);
      Operand<TFloat32> w = weights(tf, 3);
      Operand<TFloat32> offsets = tf.math.add(zeros(tf, x, 18, 3, 1), tf.constant(0.3f));
      Operand<TFloat32> modulation = tf.math.add(zeros(tf, x, 9, 3, 1), tf.constant(0.7f));
      // Two groups: the grouped (batched) matmul has gradients too.
      Operand<TFloat32> w2 = tf.reshape(random(tf, 9, Shape.of(3, 3, 1, 2)), tf.constant(new int[] {3, 3, 1, 2}));
      Operand<TFloat32> x2 = tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 2}));
      Operand<TFloat32> y = tf.math.add(
          tf.reduceSum(DeformableConvolution.apply(tf, x, offsets, modulation, w, 3, 1, 1, false),
              tf.constant(new int[] {3}), org.tensorflow.op.core.ReduceSum.keepDims(true)),
          tf.reduceSum(DeformableConvolution.apply(tf, x2, offsets, modulation, w2, 3, 1, 2, false),
              tf.constant(new int[] {3}), org.tensorflow.op.core.ReduceSum.keepDims(true)));
      var grads = tf.gradients(tf.reduceSum(tf.math.square(y), tf.constant(new int[] {0, 1, 2, 3})),
          List.of(x, w, offsets, modulation));
      Session.Runner runner = session.runner();
      for (int i = 0; i < 4; i++) {
        runner.fetch(grads.dy(i));
      }
      try (Result result = runner.run()) {
        for (int i = 0; i < 4; i++) {
          TFloat32 g = (TFloat32) result.get(i);
          float[] values = new float[(int) g.shape().size()];
          g.copyTo(DataBuffers.of(values, false, false));
          double norm = 0;
          for (float v : values) {
            assertTrue(Float.isFinite(v));
            norm += v * v;
          }
          assertTrue(norm > 0, "gradient " + i + " is zero");
        }
      }
    }
  }

  private static Operand<TFloat32> input(Ops tf) {
    return random(tf, 1, Shape.of(1, H, W, C));
  }

  private static Operand<TFloat32> weights(Ops tf, int k) {
    return random(tf, 2, Shape.of(k, k, C, OUT));
  }

  /** A constant of standard normal values drawn with the given seed. */
  private static Operand<TFloat32> random(Ops tf, long seed, Shape shape) {
    float[] v = new float[(int) shape.size()];
    Random random = new Random(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return tf.constant(shape, DataBuffers.of(v, true, false));
  }

  private static float[] identity() {
    float[] v = new float[C * C];
    for (int c = 0; c < C; c++) {
      v[c * C + c] = 1f;
    }
    return v;
  }

  /** PyTorch-style padding k/2 then a VALID convolution. */
  private static Operand<TFloat32> plainConv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w, int k, int stride) {
    int p = k / 2;
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(0f));
    return tf.nn.conv2d(padded, w, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
  }

  /** Zeros shaped like the convolution's output with the given channels. */
  private static Operand<TFloat32> zeros(Ops tf, Operand<TFloat32> x, int channels, int k, int stride) {
    Operand<TFloat32> out = plainConv(tf, x, tf.zeros(tf.constant(new int[] {k, k, C, channels}), TFloat32.class), k,
        stride);
    return tf.math.mul(out, tf.constant(0f));
  }

  /** (dy, dx) on each of the nine taps of a 3x3 kernel, stride 1. */
  private static Operand<TFloat32> pairs(Ops tf, Operand<TFloat32> x, float dy, float dx) {
    float[] pattern = new float[18];
    for (int t = 0; t < 9; t++) {
      pattern[2 * t] = dy;
      pattern[2 * t + 1] = dx;
    }
    return tf.math.add(zeros(tf, x, 18, 3, 1), tf.constant(pattern));
  }

  private static Operand<TFloat32> pairs1x1(Ops tf, Operand<TFloat32> x, float dy, float dx) {
    return tf.math.add(zeros(tf, x, 2, 1, 1), tf.constant(new float[] {dy, dx}));
  }

  private static float[] run(Function<Ops, Operand<TFloat32>> build) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Operand<TFloat32> out = build.apply(Ops.create(graph));
      try (Result result = session.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) result.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
    }
  }
}
