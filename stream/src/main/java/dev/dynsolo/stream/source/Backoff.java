package dev.dynsolo.stream.source;

import java.time.Duration;

/** Capped exponential backoff between reconnection attempts. */
public record Backoff(Duration initial, Duration max) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

  /** The wait before attempt {@code n} (0-based). */
  public Duration delay(int attempt) {
    long ms = initial.toMillis() << Math.min(attempt, 20);
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
