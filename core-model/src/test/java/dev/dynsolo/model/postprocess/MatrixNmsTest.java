package dev.dynsolo.model.postprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class MatrixNmsTest {

  private static float[] graphDecay(boolean[][] masks, int[] classes, boolean linear, float sigma) {
    int n = masks.length;
    int p = masks[0].length;
    float[][][] m = new float[1][n][p];
    float[][] area = new float[1][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        m[0][i][j] = masks[i][j] ? 1 : 0;
        area[0][i] += m[0][i][j];
      }
    }
    return GraphRunner.run(tf -> MatrixNms.decay(tf, tf.constant(m), tf.constant(area),
        tf.constant(new int[][] {classes}), tf.constant(sigma), tf.constant(linear ? 1f : 0f)));
  }

  @Test
  void matchesThePlainJavaReferenceOnRandomMasks() {
    Random random = new Random(42);
    for (int trial = 0; trial < 6; trial++) {
      int n = 20 + random.nextInt(60);
      int pixels = 24 * 24;
      boolean[][] masks = new boolean[n][pixels];
      int[] classes = new int[n];
      for (int i = 0; i < n; i++) {
        classes[i] = random.nextInt(3);
        // Random rectangles so overlaps take every IoU from 0 to 1.
        int x0 = random.nextInt(20);
        int y0 = random.nextInt(20);
        int x1 = x0 + 1 + random.nextInt(24 - x0);
        int y1 = y0 + 1 + random.nextInt(24 - y0);
        for (int y = y0; y < y1; y++) {
          for (int x = x0; x < x1; x++) {
            masks[i][y * 24 + x] = random.nextInt(10) > 0;
          }
        }
      }
      for (boolean linear : new boolean[] {false, true}) {
        double[] expected = ReferenceMatrixNms.decay(masks, classes, linear, 2.0);
        float[] actual = graphDecay(masks, classes, linear, 2.0f);
        for (int j = 0; j < n; j++) {
          assertEquals(expected[j], actual[j], 1e-5, "trial " + trial + " linear " + linear + " j " + j);
        }
      }
    }
  }

  @Test
  void handComputedGaussianAndLinearCases() {
    // A: 4 px; B: overlaps A in 2 px with area 4 (IoU 2/6); C: other class, same pixels as A.
    boolean[][] masks = {
      {true, true, true, true, false, false, false, false},
      {false, false, true, true, true, true, false, false},
      {true, true, true, true, false, false, false, false},
    };
    int[] classes = {0, 0, 1};
    float[] gaussian = graphDecay(masks, classes, false, 2f);
    assertEquals(1.0, gaussian[0], 1e-6);
    assertEquals(Math.exp(-2.0 / 9.0), gaussian[1], 1e-6); // exp(-sigma * (1/3)^2)
    assertEquals(1.0, gaussian[2], 1e-6); // other class is not suppressed
    float[] linear = graphDecay(masks, classes, true, 2f);
    assertEquals(2.0 / 3.0, linear[1], 1e-6); // 1 - 1/3

    // A chain: C overlaps B fully, B overlaps A by 1/3. C's decay is compensated by B's own.
    boolean[][] chain = {
      {true, true, true, true, false, false, false, false},
      {false, false, true, true, true, true, false, false},
      {false, false, true, true, true, true, false, false},
    };
    float[] chained = graphDecay(chain, new int[] {0, 0, 0}, true, 2f);
    // C vs A: IoU 1/3, compensate(A)=0 -> 2/3; C vs B: IoU 1, compensate(B)=1/3 -> 0 / (2/3) = 0.
    assertEquals(0.0, chained[2], 1e-6);
  }
}
