package dev.dynsolo.app.config;

import dev.dynsolo.stream.overlay.OverlaySettings;
import java.util.List;
import java.util.Set;

/** {@code overlay:} how the server draws instances on live and recorded frames. */
public record OverlaySection(double maskOpacity, boolean contours, boolean labels, boolean boxes, float minScore,
    List<String> classes, boolean stamp) {

  public OverlaySettings settings() {
    if (minScore < 0 || minScore > 1) {
      throw new IllegalArgumentException("overlay.minScore must be in [0, 1], got " + minScore);
    }
    return new OverlaySettings(maskOpacity, contours, labels, boxes, minScore,
        Set.copyOf(classes == null ? List.of() : classes), stamp);
  }

  public OverlaySection {
    settings();
  }
}
