package dev.dynsolo.stream.source;

import java.util.Locale;

/**
 * What a stream does when the model is slower than its frames arrive.
 */
public enum FramePolicy {
  /** Live sources keep the newest frame; files and images are read losslessly. */
  AUTO,
  /**
   * Keep the newest frame and drop (and count) the others. A video file is then played in real
   * time, as a camera would deliver it, instead of at the model's pace.
   */
  LATEST,
  /** Every frame, at the model's pace: only for files and images (a live source cannot wait). */
  LOSSLESS;

  /** Parses {@code auto}, {@code latest} or {@code lossless}; anything else fails naming it. */
  public static FramePolicy parse(String text) {
    if (text == null || text.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy must be auto, latest or lossless, got " + text);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
