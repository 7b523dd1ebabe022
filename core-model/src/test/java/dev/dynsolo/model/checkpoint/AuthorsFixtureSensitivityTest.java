package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.runtime.Precision;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.model.weights.WeightTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why bfloat16 cannot agree with float32 on the authors' oracle fixture, whatever the graph does:
 * its random, calibrated weights put scores and mask pixels at their thresholds, so merely storing
 * the weights in bfloat16 (rounded to nearest even, relative error up to 2^-9) and then computing
 * everything in float32 already loses most of the float32 instances (7 of 30 and 3 of 29 keep a
 * same-class twin at mask IoU >= 0.98, measured 2026-12-01; the bf16 signature keeps 7 and 2).
 * Gaussian noise of relative size 1e-4 on the weights loses a fifth of them; 1e-5 keeps every one.
 * The bf16 agreement goal is therefore checked on the trained demo model ({@code Bf16ServingTest}
 * in the training module), not on this fixture. All runs here are float32.
 */
class AuthorsFixtureSensitivityTest {
  private static final double TWIN_IOU = 0.98;
  private static ImportedModel model;
  private static List<RgbImage> crops;
  private static List<Segmentation> exact;
  @TempDir static Path dir;

  @BeforeAll
  static void exactWeights() {
    model = SoloCheckpointImport.read(AuthorsOracle.file(AuthorsOracle.ZIP_FP32), null);
    crops = new ArrayList<>();
    for (String input : AuthorsOracle.INPUTS) {
      crops.add(AuthorsOracle.png("crop_" + input + ".png"));
    }
    exact = segment("exact", model.weights());
  }

  @Test
  void weightsRoundedToBfloat16LoseMostInstancesEvenInFloat32Arithmetic() {
    List<Segmentation> rounded = segment("bf16-rounded", map(model.weights(), AuthorsFixtureSensitivityTest::toBfloat16));
    for (int k = 0; k < crops.size(); k++) {
      int n = exact.get(k).instances().size();
      int twins = twins(exact.get(k), rounded.get(k));
      System.out.printf("%s: weights rounded to bfloat16: %d of %d float32 instances keep a twin%n",
          AuthorsOracle.INPUTS[k], twins, n);
      assertTrue(twins < n / 2, AuthorsOracle.INPUTS[k] + ": " + twins + " of " + n + " kept a twin");
    }
  }

  @Test
  void weightNoiseOfRelativeSize1e5KeepsEveryInstance() {
    Random random = new Random(1);
    List<Segmentation> noisy = segment("noise-1e-5",
        map(model.weights(), v -> (float) (v * (1 + 1e-5 * random.nextGaussian()))));
    for (int k = 0; k < crops.size(); k++) {
      int n = exact.get(k).instances().size();
      assertEquals(n, twins(exact.get(k), noisy.get(k)), AuthorsOracle.INPUTS[k] + ": instances with a twin");
    }
  }

  /** The value rounded to the nearest bfloat16 (ties to even), as a float. */
  static float toBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int lowestKept = (bits >>> 16) & 1;
    return Float.intBitsToFloat((bits + 0x7fff + lowestKept) & 0xffff0000);
  }

  private static WeightSet map(WeightSet weights, UnaryOperator<Float> f) {
    WeightSet out = new WeightSet();
    for (String name : weights.names()) {
      WeightTensor t = weights.get(name);
      float[] values = t.values().clone();
      for (int i = 0; i < values.length; i++) {
        values[i] = f.apply(values[i]);
      }
      out.put(name, new WeightTensor(t.shape(), values));
    }
    return out;
  }

  /** Both crops through a float32 bundle of these weights. */
  private static List<Segmentation> segment(String name, WeightSet weights) {
    Path bundle = dir.resolve(name);
    BundleWriter.write(bundle, model.config(), weights, model.classNames(), "oracle " + name, model.categoryIds());
    List<Segmentation> out = new ArrayList<>();
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults().withPrecision(Precision.FP32))) {
      for (RgbImage crop : crops) {
        out.add(segmenter.segment(List.of(crop)).get(0));
      }
    }
    return out;
  }

  /** How many of {@code from}'s instances have a same-class instance in {@code to} at mask IoU >= 0.98. */
  private static int twins(Segmentation from, Segmentation to) {
    int n = 0;
    for (Instance a : from.instances()) {
      boolean found = false;
      for (Instance b : to.instances()) {
        found |= b.classId() == a.classId() && iou(a.bitmap(), b.bitmap()) >= TWIN_IOU;
      }
      n += found ? 1 : 0;
    }
    return n;
  }

  private static double iou(boolean[] a, boolean[] b) {
    long inter = 0;
    long union = 0;
    for (int i = 0; i < a.length; i++) {
      inter += a[i] && b[i] ? 1 : 0;
      union += a[i] || b[i] ? 1 : 0;
    }
    return union == 0 ? 1 : (double) inter / union;
  }
}
