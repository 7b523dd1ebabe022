package dev.dynsolo.stream.pipeline;

/**
 * An exponentially smoothed frames-per-second figure of one stream, from the capture times of the
 * frames that reach a sink. Not thread-safe: one sink thread updates it; readers see a volatile value.
 */
public final class FrameRate {
  private long lastNanos = Long.MIN_VALUE;
  private volatile double fps;

  /** Counts a frame captured at {@code capturedNanos} ({@link System#nanoTime()}) and returns the rate. */
  public double tick(long capturedNanos) {
    if (lastNanos != Long.MIN_VALUE) {
      double dt = (capturedNanos - lastNanos) / 1e9;
      if (dt > 0) {
        fps = fps == 0 ? 1 / dt : 0.9 * fps + 0.1 / dt;
      }
    }
    lastNanos = capturedNanos;
    return fps;
  }

  public double fps() {
    return fps;
  }
}
