package dev.dynsolo.stream;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing the test with what it waited for after a limit. */
public final class Await {
  private Await() {}

  public static void until(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
