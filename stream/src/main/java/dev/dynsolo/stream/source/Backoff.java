package dev.dynsolo.stream.source;

import java.time.Duration;

/** Capped exponential backoff between reconnection attempts. */
public record Backoff(Duration initial, Duration max) {

  /**
   * 250 ms doubling to at most 1 s: a camera that is back is found within about a second. An
   * attempt against a camera that is down fails at once (connection refused) or after the read
   * timeout, so one attempt a second costs nothing. Measured with {@code RecoveryMeasurement}
   * (BENCHMARKS.md): 500 ms to 10 s gave frames 3.4 s after a restart and 7.5 s after a 60 s outage.
   */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(1));

  /** The wait before attempt {@code n} (0-based). */
  public Duration delay(int attempt) {
    long ms = initial.toMillis() << Math.min(attempt, 20);
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
