package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.io.Messages;
import dev.dynsolo.model.io.Secrets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the inference worker is doing, for liveness: when the running batch started, when one last
 * succeeded and why the last one failed. The worker is dead when one batch has run longer than the
 * stall limit, or when batches were tried for that long and none succeeded.
 */
public final class InferenceWatch {
  private final LongSupplier clock;
  private final long stallNanos;
  private volatile long runningSince = -1;
  private volatile long failingSince = -1;
  private volatile long failures;
  private volatile String lastError;

  public InferenceWatch(LongSupplier clock, Duration stallAfter) {
    this.clock = clock;
    this.stallNanos = stallAfter.toNanos();
  }

  void started() {
    runningSince = clock.getAsLong();
  }

  /** @return whether this ends a run of failures */
  boolean succeeded() {
    runningSince = -1;
    boolean recovered = failingSince >= 0;
    failingSince = -1;
    return recovered;
  }

  /** @return whether this starts a run of failures */
  boolean failed(Throwable e) {
    long now = clock.getAsLong();
    runningSince = -1;
    failures++;
    lastError = Secrets.redact(Messages.firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage())));
    if (failingSince < 0) {
      failingSince = now;
      return true;
    }
    return false;
  }

  /** Batches that threw. */
  public long failures() {
    return failures;
  }

  /** The last failure's message, or null if none happened. */
  public String lastError() {
    return lastError;
  }

  /** Why the worker is not alive, or empty while it is. */
  public Optional<String> problem() {
    long now = clock.getAsLong();
    long since = runningSince;
    if (since >= 0 && now - since > stallNanos) {
      return Optional.of("inference has been running one batch for " + (now - since) / 1_000_000_000L + " s");
    }
    long failing = failingSince;
    if (failing >= 0 && now - failing > stallNanos) {
      return Optional.of("every inference batch failed for " + (now - failing) / 1_000_000_000L + " s: " + lastError);
    }
    return Optional.empty();
  }
}
