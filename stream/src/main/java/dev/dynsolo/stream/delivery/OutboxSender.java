package dev.dynsolo.stream.delivery;

import dev.dynsolo.model.io.Messages;
import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.source.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one destination's events from its outbox, oldest first, through a {@link Transport}; an
 * event leaves the outbox only once the destination has taken it. A failure (refused, timeout,
 * rejected) pauses the destination, 1 s doubling to 30 s, and the same event is tried again, so an
 * outage delays events but loses none. Runs on its own thread: a slow or dead destination never
 * holds up inference or other sinks. Addresses are never logged (they may hold a token).
 */
public final class OutboxSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
  public static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  private final String name;
  private final Transport transport;
  private final Outbox outbox;
  private final Thread thread;
  private final Object wake = new Object();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean running = true;
  private volatile String lastError;

  public OutboxSender(String name, Transport transport, Outbox outbox) {
    this.name = name;
    this.transport = transport;
    this.outbox = outbox;
    this.thread = new Thread(this::deliverLoop, "deliver-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Tells the sender that events were queued. */
  public void wake() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void deliverLoop() {
    int attempt = 0;
    while (running) {
      List<String> ids = List.of();
      try {
        if (outbox.size() > 0) { // counted in memory: an idle sender does not list the folder each second
          ids = outbox.ids();
        }
      } catch (RuntimeException e) {
        failed(e.getMessage());
      }
      if (ids.isEmpty()) {
        pause(Duration.ofSeconds(1));
        continue;
      }
      for (String id : ids) {
        if (!running) {
          return;
        }
        String json = outbox.read(id);
        if (json == null) {
          continue;
        }
        String problem = post(id, json);
        if (problem == null) {
          outbox.remove(id);
          delivered.incrementAndGet();
          if (attempt > 0) {
            LOG.info("destination {}: delivering again", name);
          }
          attempt = 0;
          lastError = null;
        } else {
          if (attempt == 0) {
            LOG.warn("destination {}: {}; events wait in the outbox and are retried", name,
                Secrets.redact(Messages.firstLine(problem)));
          }
          failed(problem);
          pause(RETRY.delay(attempt++));
          break;
        }
      }
    }
  }

  private void failed(String problem) {
    failures.incrementAndGet();
    lastError = Secrets.redact(Messages.firstLine(String.valueOf(problem)));
  }

  private String post(String id, String json) {
    try {
      return transport.deliver(id, json);
    } catch (RuntimeException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private void pause(Duration d) {
    synchronized (wake) {
      try {
        wake.wait(Math.max(1, d.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  public String name() {
    return name;
  }

  /** Events delivered since start. */
  public long delivered() {
    return delivered.get();
  }

  /** Events waiting. */
  public int pending() {
    return outbox.size();
  }

  /** Failed attempts since start. */
  public long failures() {
    return failures.get();
  }

  /** Why the last attempt failed, or null while delivery works. */
  public String lastError() {
    return lastError;
  }

  /** Stops sending; what is not delivered stays in the outbox for the next start. */
  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(15_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
  }
}
