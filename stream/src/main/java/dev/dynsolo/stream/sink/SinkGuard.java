package dev.dynsolo.stream.sink;

import dev.dynsolo.model.io.Messages;
import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.source.Backoff;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error policy of every sink of a stream (recording, overlay, live view, events): a sink
 * that throws skips that frame only, is reported (its fault, one log line per change, a count per
 * frame it missed) and is tried again after a pause that grows from 1 s to 30 s while it keeps
 * failing. Other sinks and streams are not affected. Used from the one sink thread.
 */
public final class SinkGuard {
  /** Pauses after consecutive failures. */
  public static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private static final Logger LOG = LoggerFactory.getLogger(SinkGuard.class);

  /** Told of each frame the sink missed (failed on, or skipped while paused). */
  public interface MissedFrames {
    void missed(String part, String stream);
  }

  private final String part;
  private final String stream;
  private final MissedFrames missed;
  private final LongSupplier clock;
  private int consecutiveFailures;
  private long pausedUntil;
  private volatile String fault;

  public SinkGuard(String part, String stream, MissedFrames missed, LongSupplier clock) {
    this.part = part;
    this.stream = stream;
    this.missed = missed;
    this.clock = clock;
  }

  /** Runs one delivery unless the sink is paused; false if it was skipped or failed. */
  public boolean run(Runnable delivery) {
    if (consecutiveFailures > 0 && clock.getAsLong() < pausedUntil) {
      missed.missed(part, stream);
      return false;
    }
    try {
      delivery.run();
    } catch (RuntimeException e) {
      failed(e);
      return false;
    }
    if (consecutiveFailures > 0) {
      LOG.info("stream {}: {} works again", stream, part);
      consecutiveFailures = 0;
      fault = null;
    }
    return true;
  }

  private void failed(RuntimeException e) {
    missed.missed(part, stream);
    String message = Secrets.redact(Messages.firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage())));
    Duration pause = RETRY.delay(consecutiveFailures++);
    pausedUntil = clock.getAsLong() + pause.toNanos();
    if (!message.equals(fault)) {
      LOG.warn("stream {}: {} failed, retrying every {} s at most: {}", stream, part, RETRY.max().toSeconds(), message);
    }
    fault = message;
  }

  /** Why the sink is failing, or null while it works. */
  public String fault() {
    return fault;
  }

  public String part() {
    return part;
  }
}
