package dev.dynsolo.model.api;

/**
 * An image already letterboxed to the model input (by the caller, e.g. with OpenCV), with the
 * letterbox that maps results back to the original frame.
 */
public record LetterboxedImage(RgbImage input, Letterbox letterbox) {

  public LetterboxedImage {
    if (input.width() != letterbox.inputWidth() || input.height() != letterbox.inputHeight()) {
      throw new IllegalArgumentException("letterboxed image is " + input.width() + "x" + input.height()
          + " but the letterbox targets " + letterbox.inputWidth() + "x" + letterbox.inputHeight());
    }
  }
}
