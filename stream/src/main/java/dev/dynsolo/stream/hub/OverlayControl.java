package dev.dynsolo.stream.hub;

import dev.dynsolo.stream.overlay.OverlaySettings;

/** What the server draws on frames, as the overlay API needs it. */
public interface OverlayControl {

  OverlaySettings overlay();

  /** Changes what the server draws; the class filter may only name the model's classes. */
  void setOverlay(OverlaySettings settings);
}
