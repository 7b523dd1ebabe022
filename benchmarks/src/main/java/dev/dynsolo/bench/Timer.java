package dev.dynsolo.bench;

import java.util.Arrays;

/** Runs an action a number of times after warm-up and reports median and p95 wall time. */
final class Timer {
  private Timer() {}

  record Stats(double medianMs, double p95Ms, int runs) {}

  static Stats time(int warmup, int runs, Runnable action) {
    for (int i = 0; i < warmup; i++) {
      action.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      action.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new Stats(ms[runs / 2], ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)], runs);
  }
}
