package dev.dynsolo.app.config;

import dev.dynsolo.stream.sink.DetectionEvents;
import java.util.Locale;

/** {@code events:} one JSON line per frame to a file, {@code -} for standard output, or empty for none. */
public record EventsSection(String file, String maskFormat) {
  public EventsSection {
    file = file == null ? "" : file;
    format(maskFormat);
  }

  public DetectionEvents.MaskFormat format() {
    return format(maskFormat);
  }

  private static DetectionEvents.MaskFormat format(String text) {
    try {
      return DetectionEvents.MaskFormat.valueOf(String.valueOf(text).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("events.maskFormat must be rle or polygon, got " + text);
    }
  }
}
