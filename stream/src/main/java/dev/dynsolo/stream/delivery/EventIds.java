package dev.dynsolo.stream.delivery;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Event ids that sort by creation time and are unique across restarts: milliseconds since the
 * epoch, a counter within the millisecond, and a random suffix chosen at start. Receivers drop
 * duplicates by id (delivery is at least once).
 */
public final class EventIds {
  private final String suffix;
  private long lastMillis;
  private int counter;

  public EventIds() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    this.suffix = HexFormat.of().formatHex(random);
  }

  public synchronized String next() {
    long now = System.currentTimeMillis();
    if (now <= lastMillis) {
      counter++;
      now = lastMillis;
    } else {
      counter = 0;
      lastMillis = now;
    }
    return String.format("%013d-%05d-%s", now, counter, suffix);
  }
}
