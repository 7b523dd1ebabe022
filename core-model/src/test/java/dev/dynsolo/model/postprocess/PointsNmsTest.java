package dev.dynsolo.model.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PointsNmsTest {

  @Test
  void keepsOnlyCellsThatAreTheMaximumOfTheWindowEndingAtThem() {
    // 3x3 grid, one class. The reference keeps (i,j) iff it is >= cells (i-1..i, j-1..j).
    float[][][][] heat = {{
      {{0.2f}, {0.9f}, {0.1f}},
      {{0.3f}, {0.5f}, {0.8f}},
      {{0.7f}, {0.6f}, {0.4f}},
    }};
    float[] out = GraphRunner.run(tf -> PointsNms.apply(tf, tf.constant(heat)));
    float[] expected = {
      0.2f, 0.9f, 0.0f,
      0.3f, 0.0f, 0.0f, // 0.8 loses to 0.9 above-left
      0.7f, 0.0f, 0.0f,
    };
    assertArrayEquals(expected, out, 1e-7f);
  }
}
