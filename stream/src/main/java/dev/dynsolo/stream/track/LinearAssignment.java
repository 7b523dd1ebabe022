package dev.dynsolo.stream.track;

import java.util.Arrays;

/**
 * Minimum-cost matching of rows to columns where a pair may only be matched if its cost is below a
 * limit, as ByteTrack's {@code lap.lapjv(cost, extend_cost=True, cost_limit=...)}: the matrix is
 * extended so that leaving a row or a column unmatched costs half the limit, and the square problem
 * is solved exactly with the Hungarian method (shortest augmenting paths with potentials, O(n^3)).
 */
public final class LinearAssignment {
  private LinearAssignment() {}

  /**
   * @param cost rows x columns, any value (a pair at or above the limit is never matched)
   * @return for each row, the matched column or -1
   */
  static int[] solve(double[][] cost, int columns, double limit) {
    int rows = cost.length;
    int[] match = new int[rows];
    Arrays.fill(match, -1);
    if (rows == 0 || columns == 0) {
      return match;
    }
    int n = rows + columns;
    double forbidden = limit * 4 + 1;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double c;
        if (i < rows && j < columns) {
          c = cost[i][j] < limit ? cost[i][j] : forbidden;
        } else if (i < rows) {
          c = j - columns == i ? limit / 2 : forbidden; // row i unmatched
        } else if (j < columns) {
          c = i - rows == j ? limit / 2 : forbidden; // column j unmatched
        } else {
          c = 0;
        }
        a[i][j] = c;
      }
    }
    int[] rowOf = hungarian(a);
    for (int j = 0; j < columns; j++) {
      int i = rowOf[j];
      if (i < rows && cost[i][j] < limit) {
        match[i] = j;
      }
    }
    return match;
  }

  /**
   * A minimum-cost assignment of a rows x columns matrix (as scipy's {@code linear_sum_assignment}):
   * every row is matched if there are at most as many rows as columns, else every column.
   *
   * @return for each row, its column or -1
   */
  public static int[] minimumCost(double[][] cost, int columns) {
    int rows = cost.length;
    int n = Math.max(rows, columns);
    int[] match = new int[rows];
    Arrays.fill(match, -1);
    if (rows == 0 || columns == 0) {
      return match;
    }
    double[][] square = new double[n][n];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(cost[i], 0, square[i], 0, columns);
    }
    int[] rowOf = hungarian(square);
    for (int j = 0; j < columns; j++) {
      if (rowOf[j] < rows) {
        match[rowOf[j]] = j;
      }
    }
    return match;
  }

  /** The optimal assignment of a square matrix, as the row matched to each column. */
  private static int[] hungarian(double[][] a) {
    int n = a.length;
    double[] u = new double[n + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1]; // p[j]: row (1-based) matched to column j; p[0] the row being placed
    int[] way = new int[n + 1];
    double[] minv = new double[n + 1];
    boolean[] used = new boolean[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] rowOf = new int[n];
    for (int j = 1; j <= n; j++) {
      rowOf[j - 1] = p[j] - 1;
    }
    return rowOf;
  }
}
