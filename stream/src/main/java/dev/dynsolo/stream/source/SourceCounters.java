package dev.dynsolo.stream.source;

import dev.dynsolo.model.io.Secrets;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mutable, thread-safe state and counts behind {@link SourceStatus}; logs one line per state change. */
final class SourceCounters {
  private static final Logger LOG = LoggerFactory.getLogger(SourceCounters.class);

  private final String id;
  private final AtomicReference<SourceState> state = new AtomicReference<>(SourceState.CONNECTING);
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile String lastError;

  SourceCounters(String id) {
    this.id = id;
  }

  void state(SourceState next) {
    SourceState previous = state.getAndSet(next);
    if (previous != next) {
      LOG.info("stream {}: {} -> {}{}", id, previous, next, lastError != null && next != SourceState.LIVE
          ? " (" + lastError + ")" : "");
    }
  }

  /** The latest problem, credentials in URLs hidden: it reaches the API, the UI and the log. */
  void error(String message) {
    lastError = Secrets.redact(message);
  }

  void frame() {
    frames.incrementAndGet();
  }

  void drop() {
    dropped.incrementAndGet();
  }

  void reconnect() {
    reconnects.incrementAndGet();
  }

  SourceStatus snapshot() {
    return new SourceStatus(state.get(), frames.get(), dropped.get(), reconnects.get(), lastError);
  }
}
