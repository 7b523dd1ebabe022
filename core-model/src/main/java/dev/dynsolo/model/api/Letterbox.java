package dev.dynsolo.model.api;

/**
 * How a frame was placed into the model input: scaled by {@code scale} (aspect kept) to
 * {@code scaledWidth x scaledHeight} and centred at ({@code offsetX}, {@code offsetY}); the rest is
 * padding. Maps model-input coordinates back to frame coordinates exactly.
 */
public record Letterbox(
    int frameWidth, int frameHeight, int inputWidth, int inputHeight, double scale, int scaledWidth,
    int scaledHeight, int offsetX, int offsetY) {

  /** The letterbox that fits a frame into an input, centred. */
  public static Letterbox fit(int frameWidth, int frameHeight, int inputWidth, int inputHeight) {
    double scale = Math.min((double) inputWidth / frameWidth, (double) inputHeight / frameHeight);
    int w = Math.max(1, Math.min(inputWidth, (int) Math.round(frameWidth * scale)));
    int h = Math.max(1, Math.min(inputHeight, (int) Math.round(frameHeight * scale)));
    return new Letterbox(frameWidth, frameHeight, inputWidth, inputHeight, scale, w, h,
        (inputWidth - w) / 2, (inputHeight - h) / 2);
  }

  /**
   * The authors' keep-ratio resize (mmcv {@code imrescale}): scale = min(long / longer frame side,
   * short / shorter frame side) in double precision, new size {@code (int) (side * scale + 0.5)},
   * no canvas: the input is the resized frame, padded later to a multiple of 32 at bottom/right.
   */
  public static Letterbox keepRatio(int frameWidth, int frameHeight, int longSide, int shortSide) {
    double scale = Math.min((double) longSide / Math.max(frameWidth, frameHeight),
        (double) shortSide / Math.min(frameWidth, frameHeight));
    int w = Math.max(1, (int) (frameWidth * scale + 0.5));
    int h = Math.max(1, (int) (frameHeight * scale + 0.5));
    return new Letterbox(frameWidth, frameHeight, w, h, scale, w, h, 0, 0);
  }

  /** True when the input is the resized frame itself (keep-ratio), with no canvas around it. */
  public boolean isTight() {
    return offsetX == 0 && offsetY == 0 && inputWidth == scaledWidth && inputHeight == scaledHeight;
  }

  /** Horizontal scale actually applied (scaled width over frame width). */
  public double scaleX() {
    return (double) scaledWidth / frameWidth;
  }

  /** Vertical scale actually applied. */
  public double scaleY() {
    return (double) scaledHeight / frameHeight;
  }

  /** Model-input x of the centre of frame column {@code x}, in continuous coordinates. */
  public double inputX(double frameX) {
    return offsetX + frameX * scaleX();
  }

  /** Model-input y of frame row coordinate {@code y}, in continuous coordinates. */
  public double inputY(double frameY) {
    return offsetY + frameY * scaleY();
  }

  /** Frame x of a model-input x, in continuous coordinates. */
  public double frameX(double inputX) {
    return (inputX - offsetX) / scaleX();
  }

  /** Frame y of a model-input y, in continuous coordinates. */
  public double frameY(double inputY) {
    return (inputY - offsetY) / scaleY();
  }
}
