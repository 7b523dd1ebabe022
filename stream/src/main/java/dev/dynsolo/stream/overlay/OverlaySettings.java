package dev.dynsolo.stream.overlay;

import java.util.Set;

/**
 * What the overlay draws.
 *
 * @param maskOpacity 0..1 opacity of the mask colour
 * @param contours outline each instance
 * @param labels class name and score at the top of each instance
 * @param boxes draw boxes
 * @param minScore instances below this score are not drawn
 * @param classes class names to draw (empty = all)
 * @param stamp fps and latency stamp in the corner
 */
public record OverlaySettings(double maskOpacity, boolean contours, boolean labels, boolean boxes, float minScore,
    Set<String> classes, boolean stamp) {

  public static final OverlaySettings DEFAULT = new OverlaySettings(0.45, true, true, false, 0f, Set.of(), true);

  public OverlaySettings {
    if (maskOpacity < 0 || maskOpacity > 1) {
      throw new IllegalArgumentException("overlay.maskOpacity must be in [0, 1], got " + maskOpacity);
    }
    if (minScore < 0 || minScore > 1) {
      throw new IllegalArgumentException("overlay.minScore must be in [0, 1], got " + minScore);
    }
    classes = Set.copyOf(classes);
  }

  public boolean shows(String className, float score) {
    return score >= minScore && (classes.isEmpty() || classes.contains(className));
  }
}
