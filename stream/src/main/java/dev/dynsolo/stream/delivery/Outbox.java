package dev.dynsolo.stream.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Events waiting for one destination, on disk so that an outage of the destination or a restart of
 * this server loses none: one file per event, named by its id (which sorts by time), written to a
 * temporary name and renamed, so a crash never leaves half an event. Bounded: beyond {@code limit}
 * events the oldest are dropped and counted. Safe for one writer and one reader thread.
 */
public final class Outbox {
  private static final String SUFFIX = ".json";

  private final Path directory;
  private final int limit;
  private final AtomicLong dropped = new AtomicLong();
  /** Events on disk; kept so that adding and counting never list the folder (it may hold many). */
  private final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();

  public Outbox(Path directory, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("events.outboxLimit must be >= 1, got " + limit);
    }
    this.directory = directory;
    this.limit = limit;
    try {
      Files.createDirectories(directory);
      try (Stream<Path> leftovers = Files.list(directory)) {
        for (Path p : leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
          Files.deleteIfExists(p); // a write cut short by a crash: that event was never acknowledged
        }
      }
      size.set(ids().size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use outbox " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Keeps an event until it is delivered. */
  public void add(String id, String json) {
    Path tmp = directory.resolve(id + ".tmp");
    try {
      Files.writeString(tmp, json);
      try {
        Files.move(tmp, directory.resolve(id + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, directory.resolve(id + SUFFIX), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do
      }
      throw new UncheckedIOException("cannot queue event in " + directory + ": " + e.getMessage(), e);
    }
    if (size.incrementAndGet() > limit) {
      List<String> all = ids();
      for (int i = 0; i < all.size() - limit; i++) {
        if (remove(all.get(i))) {
          dropped.incrementAndGet();
        }
      }
    }
  }

  /** Events waiting. */
  public int size() {
    return size.get();
  }

  /** The waiting events' ids, oldest first. */
  public List<String> ids() {
    try (Stream<Path> files = Files.list(directory)) {
      List<String> ids = new ArrayList<>();
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).sorted()
          .forEach(n -> ids.add(n.substring(0, n.length() - SUFFIX.length())));
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list outbox " + directory + ": " + e.getMessage(), e);
    }
  }

  /** An event's JSON, or null if it is gone. */
  public String read(String id) {
    try {
      return Files.readString(directory.resolve(id + SUFFIX));
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read event " + id + ": " + e.getMessage(), e);
    }
  }

  /** Forgets a delivered (or dropped) event; false if it was already gone. */
  public boolean remove(String id) {
    try {
      boolean removed = Files.deleteIfExists(directory.resolve(id + SUFFIX));
      if (removed) {
        size.decrementAndGet();
      }
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove event " + id + ": " + e.getMessage(), e);
    }
  }

  /** Events dropped because the outbox was full. */
  public long dropped() {
    return dropped.get();
  }
}
