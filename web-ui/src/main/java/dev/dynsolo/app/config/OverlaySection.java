package dev.dynsolo.app.config;

import dev.dynsolo.stream.overlay.OverlaySettings;
import java.util.List;
import java.util.Set;

/** {@code overlay:} how the server draws instances on live and recorded frames. */
public record OverlaySection(double maskOpacity, boolean contours, boolean labels, boolean boxes, float minScore,
    List<String> classes, boolean stamp) {

  public OverlaySettings settings() {
    return new OverlaySettings(maskOpacity, contours, labels, boxes, minScore,
        Set.copyOf(classes == null ? List.of() : classes), stamp);
  }

  public OverlaySection {
    settings();
  }
}
