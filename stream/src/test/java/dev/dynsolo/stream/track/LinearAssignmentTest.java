package dev.dynsolo.stream.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The extended-matrix assignment equals an exhaustive search over every partial matching. */
class LinearAssignmentTest {

  @Test
  void leavingAPairUnmatchedWinsWhenMatchingCostsMoreThanTheLimitAllows() {
    // lapjv with cost_limit 0.8: r0-c0 alone (0.1 + 2 x 0.4 unmatched) beats r0-c1 + r1-c0 (0.3 + 0.75).
    double[][] cost = {{0.1, 0.3}, {0.75, 0.95}};
    assertArrayEquals(new int[] {0, -1}, LinearAssignment.solve(cost, 2, 0.8));
  }

  @Test
  void equalsExhaustiveSearchOnRandomMatrices() {
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      int rows = random.nextInt(6);
      int cols = random.nextInt(6);
      double limit = 0.2 + random.nextDouble() * 0.8;
      double[][] cost = new double[rows][cols];
      for (double[] row : cost) {
        for (int j = 0; j < cols; j++) {
          row[j] = random.nextDouble();
        }
      }
      int[] got = LinearAssignment.solve(cost, cols, limit);
      assertEquals(best(cost, cols, limit, 0, new boolean[cols]), total(cost, got, cols, limit), 1e-9,
          "trial " + trial);
    }
  }

  private static double total(double[][] cost, int[] match, int cols, double limit) {
    double t = 0;
    int matched = 0;
    for (int i = 0; i < match.length; i++) {
      if (match[i] >= 0) {
        t += cost[i][match[i]];
        matched++;
      }
    }
    return t + (match.length - matched + cols - matched) * limit / 2;
  }

  /** The least total over all matchings of rows from {@code row} on, pairs below the limit only. */
  private static double best(double[][] cost, int cols, double limit, int row, boolean[] used) {
    if (row == cost.length) {
      int free = 0;
      for (boolean u : used) {
        free += u ? 0 : 1;
      }
      return free * limit / 2;
    }
    double best = limit / 2 + best(cost, cols, limit, row + 1, used);
    for (int j = 0; j < cols; j++) {
      if (!used[j] && cost[row][j] < limit) {
        used[j] = true;
        best = Math.min(best, cost[row][j] + best(cost, cols, limit, row + 1, used));
        used[j] = false;
      }
    }
    return best;
  }
}
