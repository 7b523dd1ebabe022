package dev.dynsolo.model.api;

/**
 * An 8-bit RGB image, row-major and interleaved (R, G, B per pixel), as the model consumes it.
 *
 * @param width pixels per row
 * @param height rows
 * @param pixels {@code width * height * 3} bytes; not copied, treat as immutable once handed over
 */
public record RgbImage(int width, int height, byte[] pixels) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (pixels == null || pixels.length != (long) width * height * 3) {
      throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs " + (long) width * height * 3
          + " bytes, got " + (pixels == null ? "none" : pixels.length));
    }
  }
}
