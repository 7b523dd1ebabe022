package dev.dynsolo.model.config;

import java.util.List;

/**
 * The model input: a fixed size (images are letterboxed into it, aspect kept) and the per-channel
 * RGB normalisation applied inside the graph.
 *
 * @param height input height in pixels, a multiple of 32
 * @param width input width in pixels, a multiple of 32
 * @param mean per-channel mean subtracted from RGB values in 0..255
 * @param std per-channel divisor applied after the mean
 */
public record InputConfig(int height, int width, List<Float> mean, List<Float> std) {

  /** ImageNet statistics used by the reference code. */
  public static final List<Float> IMAGENET_MEAN = List.of(123.675f, 116.28f, 103.53f);
  public static final List<Float> IMAGENET_STD = List.of(58.395f, 57.12f, 57.375f);

  public InputConfig {
    Check.positive("input.height", height);
    Check.positive("input.width", width);
    Check.divisible("input.height", height, 32);
    Check.divisible("input.width", width, 32);
    if (mean == null || mean.size() != 3) {
      throw new InvalidConfigException("input.mean", mean, "needs 3 values (R, G, B)");
    }
    if (std == null || std.size() != 3) {
      throw new InvalidConfigException("input.std", std, "needs 3 values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new InvalidConfigException("input.std", std, "values must be > 0");
      }
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
  }

  /** A square input with ImageNet normalisation. */
  public static InputConfig square(int size) {
    return new InputConfig(size, size, IMAGENET_MEAN, IMAGENET_STD);
  }

  public InputConfig withSize(int newHeight, int newWidth) {
    return new InputConfig(newHeight, newWidth, mean, std);
  }
}
