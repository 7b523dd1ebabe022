package dev.dynsolo.training.augment;

/**
 * Random augmentation ranges. All zero/one values mean "off".
 *
 * @param flipProbability chance of a horizontal flip
 * @param scaleMin smallest random scale relative to fitting the image into the input
 * @param scaleMax largest random scale (above 1 the image is randomly cropped)
 * @param brightness largest brightness shift, in 0..255 units
 * @param contrast largest relative contrast change (0.2 = x0.8 .. x1.2)
 */
public record AugmentSettings(double flipProbability, double scaleMin, double scaleMax, double brightness,
    double contrast) {

  public static final AugmentSettings NONE = new AugmentSettings(0, 1, 1, 0, 0);
  public static final AugmentSettings DEFAULT = new AugmentSettings(0.5, 0.7, 1.3, 20, 0.2);

  public AugmentSettings {
    if (flipProbability < 0 || flipProbability > 1) {
      throw new IllegalArgumentException("augment.flip must be in [0, 1], got " + flipProbability);
    }
    if (!(scaleMin > 0) || scaleMax < scaleMin) {
      throw new IllegalArgumentException("augment.scale range must satisfy 0 < min <= max, got " + scaleMin
          + ".." + scaleMax);
    }
    if (brightness < 0 || contrast < 0 || contrast >= 1) {
      throw new IllegalArgumentException("augment.brightness must be >= 0 and augment.contrast in [0, 1)");
    }
  }
}
