package dev.dynsolo.training.augment;

import dev.dynsolo.model.api.RgbImage;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Places an image into the model input (random flip, scale and crop, aspect kept, padded with the
 * normalisation mean) and applies brightness/contrast. Masks are transformed with the identical
 * placement at any output resolution, so they stay aligned with pixels.
 */
public final class Augmenter {
  private final AugmentSettings settings;
  private final int inputWidth;
  private final int inputHeight;
  private final byte[] padColour;

  public Augmenter(AugmentSettings settings, int inputWidth, int inputHeight, byte[] padColour) {
    this.settings = settings;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
    this.padColour = padColour.clone();
  }

  /** Draws a random placement for a source of the given size. */
  public Placement randomPlacement(int width, int height, Random random) {
    double fit = Math.min((double) inputWidth / width, (double) inputHeight / height);
    double scale = fit * (settings.scaleMin() + random.nextDouble() * (settings.scaleMax() - settings.scaleMin()));
    double scaledW = width * scale;
    double scaledH = height * scale;
    double offsetX = offset(inputWidth, scaledW, random);
    double offsetY = offset(inputHeight, scaledH, random);
    boolean flip = random.nextDouble() < settings.flipProbability();
    return new Placement(width, height, scale, offsetX, offsetY, flip);
  }

  /** Larger than the input: a random crop; smaller: centred (the pad is split evenly). */
  private static double offset(int input, double scaled, Random random) {
    if (scaled > input) {
      return -Math.floor(random.nextDouble() * (scaled - input));
    }
    return Math.floor((input - scaled) / 2);
  }

  /**
   * The augmented image at the input size, bilinear, with random brightness and contrast. Source
   * positions and weights depend only on the column or only on the row, so they are worked out
   * once per column and once per row, not per pixel.
   */
  public RgbImage image(RgbImage source, Placement placement, Random random) {
    double contrast = 1 + (random.nextDouble() * 2 - 1) * settings.contrast();
    double brightness = (random.nextDouble() * 2 - 1) * settings.brightness();
    byte[] out = new byte[inputWidth * inputHeight * 3];
    byte[] src = source.pixels();
    int w = source.width();
    int h = source.height();
    Taps columns = Taps.of(inputWidth, w, x -> placement.sourceX(x + 0.5) - 0.5);
    Taps rows = Taps.of(inputHeight, h, y -> placement.sourceY(y + 0.5) - 0.5);
    for (int y = 0; y < inputHeight; y++) {
      int row0 = rows.near[y] * w * 3;
      int row1 = rows.far[y] * w * 3;
      double fy = rows.weight[y];
      for (int x = 0; x < inputWidth; x++) {
        int o = (y * inputWidth + x) * 3;
        if (rows.outside[y] || columns.outside[x]) {
          out[o] = padColour[0];
          out[o + 1] = padColour[1];
          out[o + 2] = padColour[2];
          continue;
        }
        int x0 = columns.near[x] * 3;
        int x1 = columns.far[x] * 3;
        double fx = columns.weight[x];
        for (int c = 0; c < 3; c++) {
          double top = (src[row0 + x0 + c] & 0xff) * (1 - fx) + (src[row0 + x1 + c] & 0xff) * fx;
          double bottom = (src[row1 + x0 + c] & 0xff) * (1 - fx) + (src[row1 + x1 + c] & 0xff) * fx;
          double v = (top * (1 - fy) + bottom * fy - 128) * contrast + 128 + brightness;
          out[o + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return new RgbImage(inputWidth, inputHeight, out);
  }

  /**
   * Bilinear taps along one axis: for each output index, the two source indices, the weight of
   * the far one, and whether the sample falls outside the source (padding).
   */
  private record Taps(int[] near, int[] far, double[] weight, boolean[] outside) {
    static Taps of(int outputSize, int sourceSize, IntToDoubleFunction sourceOf) {
      Taps t = new Taps(new int[outputSize], new int[outputSize], new double[outputSize], new boolean[outputSize]);
      for (int i = 0; i < outputSize; i++) {
        double s = sourceOf.applyAsDouble(i);
        t.outside[i] = s < -0.5 || s > sourceSize - 0.5;
        double clamped = Math.max(0, Math.min(sourceSize - 1, s));
        t.near[i] = (int) clamped;
        t.far[i] = Math.min(t.near[i] + 1, sourceSize - 1);
        t.weight[i] = clamped - t.near[i];
      }
      return t;
    }
  }

  /**
   * The mask under the same placement at {@code outWidth x outHeight} (the input size divided by
   * {@code stride}), as the covered fraction of each output cell in 0..255: the share of the
   * cell's stride x stride input pixels whose centre falls on a mask pixel of the source. A
   * fraction, not a yes/no sample, so a target at 1/4 scale still says where inside a cell an
   * edge runs (sampled yes/no targets capped the mask AP a perfect model could reach on the
   * shapes data at 0.85; fractions at 0.97).
   */
  public static byte[] coverage(boolean[] source, Placement placement, int outWidth, int outHeight, int stride) {
    int w = placement.sourceWidth();
    int h = placement.sourceHeight();
    int[] sourceColumn = new int[outWidth * stride];
    for (int x = 0; x < sourceColumn.length; x++) {
      int sx = (int) Math.floor(placement.sourceX(x + 0.5));
      sourceColumn[x] = sx >= 0 && sx < w ? sx : -1;
    }
    int[] counts = new int[outWidth * outHeight];
    for (int y = 0; y < outHeight * stride; y++) {
      int sy = (int) Math.floor(placement.sourceY(y + 0.5));
      if (sy < 0 || sy >= h) {
        continue;
      }
      int rowStart = sy * w;
      int cellRow = (y / stride) * outWidth;
      for (int x = 0; x < sourceColumn.length; x++) {
        int sx = sourceColumn[x];
        if (sx >= 0 && source[rowStart + sx]) {
          counts[cellRow + x / stride]++;
        }
      }
    }
    byte[] out = new byte[counts.length];
    int full = stride * stride;
    for (int i = 0; i < counts.length; i++) {
      out[i] = (byte) ((counts[i] * 255 + full / 2) / full);
    }
    return out;
  }
}
