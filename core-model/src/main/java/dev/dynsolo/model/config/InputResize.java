package dev.dynsolo.model.config;

/** How a frame becomes the model input. */
public enum InputResize {
  /**
   * Scaled (aspect kept) and centred on a fixed {@code height x width} canvas filled with the
   * mean colour: one input size for every frame, what models trained here use.
   */
  LETTERBOX,
  /**
   * The authors' test-time resize: scaled (aspect kept) so the long side is at most
   * {@code width} and the short side at most {@code height}, sizes rounded as
   * {@code int(x * s + 0.5)}, OpenCV bilinear on uint8; the graph pads bottom and right with zeros
   * after normalisation to a multiple of 32. Every frame size gives its own input size.
   */
  KEEP_RATIO
}
