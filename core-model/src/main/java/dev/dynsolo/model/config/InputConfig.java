package dev.dynsolo.model.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dynsolo.model.api.Letterbox;
import java.util.List;

/**
 * The model input: its size rule and the per-channel RGB normalisation applied inside the graph.
 *
 * @param height {@link InputResize#LETTERBOX}: input height, a multiple of 32;
 *     {@link InputResize#KEEP_RATIO}: the largest short side (448 for the authors' light models)
 * @param width letterbox: input width, a multiple of 32; keep-ratio: the largest long side (768)
 * @param mean per-channel mean subtracted from RGB values in 0..255
 * @param std per-channel divisor applied after the mean
 * @param resize how frames are brought to the input
 */
public record InputConfig(int height, int width, List<Float> mean, List<Float> std, InputResize resize) {

  /** ImageNet statistics used by the reference code. */
  public static final List<Float> IMAGENET_MEAN = List.of(123.675f, 116.28f, 103.53f);
  public static final List<Float> IMAGENET_STD = List.of(58.395f, 57.12f, 57.375f);

  /** Padded sizes of keep-ratio inputs are multiples of this. */
  public static final int SIZE_DIVISOR = 32;

  public InputConfig {
    if (resize == null) {
      throw new InvalidConfigException("input.resize", null, "must be LETTERBOX or KEEP_RATIO");
    }
    Check.positive("input.height", height);
    Check.positive("input.width", width);
    if (resize == InputResize.LETTERBOX) {
      Check.divisible("input.height", height, SIZE_DIVISOR);
      Check.divisible("input.width", width, SIZE_DIVISOR);
    } else if (height > width) {
      throw new InvalidConfigException("input.height", height, "is the short-side limit of a keep-ratio input and"
          + " must be <= input.width " + width);
    }
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

  /** A letterbox input. */
  public InputConfig(int height, int width, List<Float> mean, List<Float> std) {
    this(height, width, mean, std, InputResize.LETTERBOX);
  }

  /** Reads {@code model.json}; bundles written before {@code resize} existed letterbox. */
  @JsonCreator
  static InputConfig fromJson(@JsonProperty("height") int height, @JsonProperty("width") int width,
      @JsonProperty("mean") List<Float> mean, @JsonProperty("std") List<Float> std,
      @JsonProperty("resize") InputResize resize) {
    return new InputConfig(height, width, mean, std, resize == null ? InputResize.LETTERBOX : resize);
  }

  /** A square letterbox input with ImageNet normalisation. */
  public static InputConfig square(int size) {
    return new InputConfig(size, size, IMAGENET_MEAN, IMAGENET_STD);
  }

  /** The authors' keep-ratio input with ImageNet normalisation: short side <= short, long side <= long. */
  public static InputConfig keepRatio(int shortSide, int longSide) {
    return new InputConfig(shortSide, longSide, IMAGENET_MEAN, IMAGENET_STD, InputResize.KEEP_RATIO);
  }

  public InputConfig withSize(int newHeight, int newWidth) {
    return new InputConfig(newHeight, newWidth, mean, std, resize);
  }

  /** Where a frame of this size goes in the model input. */
  public Letterbox place(int frameWidth, int frameHeight) {
    return resize == InputResize.LETTERBOX
        ? Letterbox.fit(frameWidth, frameHeight, width, height)
        : Letterbox.keepRatio(frameWidth, frameHeight, width, height);
  }

  /** {@code n} rounded up to the size divisor: the padded size of a keep-ratio input side. */
  public static int padded(int n) {
    return (n + SIZE_DIVISOR - 1) / SIZE_DIVISOR * SIZE_DIVISOR;
  }
}
