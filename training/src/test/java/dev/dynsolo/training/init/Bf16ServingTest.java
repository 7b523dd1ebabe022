package dev.dynsolo.training.init;

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
import dev.dynsolo.model.synthetic.ShapeRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle written now carries a bf16 signature (bfloat16 convolutions in backbone, FPN, head and
 * the mask branch's levels; the mask feature's last convolution and post-processing float32),
 * which {@code precision: bf16} serves. With a trained model (the demo model, rewritten into a
 * new bundle) it finds what float32 finds on 20 synthetic scenes: every instance scored >= 0.3
 * in either precision has a same-class twin in the other with mask IoU >= 0.98, or, for a mask
 * too small for that (under 50 pixels, e.g. a sliver at the image border), one that differs in a
 * single pixel.
 */
class Bf16ServingTest {
  private static final float CONFIDENT = 0.3f;
  @TempDir Path dir;

  @Test
  void bf16SignatureFindsTheFloat32Instances() {
    Assumptions.assumeTrue(Precision.AUTO.effective() == Precision.BF16,
        "this CPU has no bfloat16 instructions (avx512_bf16 / amx_bf16): skipped");
    InitialModel demo = InitialModels.load(Path.of("../models/demo"));
    Path bundle = dir.resolve("demo");
    BundleWriter.write(bundle, demo.config(), demo.weights(), demo.classNames(), "demo with a bf16 signature");
    RuntimeOptions fp32 = RuntimeOptions.defaults().withPrecision(Precision.FP32);
    ShapeRenderer renderer = new ShapeRenderer(320, 240);
    Random random = new Random(5);
    int compared = 0;
    double largestScoreChange = 0;
    try (Segmenter full = Segmenters.open(bundle, fp32);
        Segmenter half = Segmenters.open(bundle, fp32.withPrecision(Precision.BF16))) {
      assertEquals("fp32", full.info().precision());
      assertEquals("bf16", half.info().precision(), "served by the bundle's own bf16 signature");
      for (int i = 0; i < 20; i++) {
        RgbImage scene = renderer.randomScene(random, 6).image();
        Segmentation a = full.segment(List.of(scene)).get(0);
        Segmentation b = half.segment(List.of(scene)).get(0);
        double[] change = new double[1];
        compared += twins("scene " + i + " fp32 -> bf16", a, b, change);
        twins("scene " + i + " bf16 -> fp32", b, a, change);
        largestScoreChange = Math.max(largestScoreChange, change[0]);
      }
    }
    assertTrue(compared >= 40, "too few confident instances to compare: " + compared);
    assertTrue(largestScoreChange > 1e-6, "bf16 scores equal float32's bit for bit: the bf16 signature did not run");
    System.out.printf("bf16: %d confident instances agree; largest score change %.4f%n", compared,
        largestScoreChange);
  }

  /**
   * Every confident instance of {@code from} has a same-class twin in {@code to}; returns how many,
   * and raises {@code scoreChange[0]} to the largest score difference between twins.
   */
  private static int twins(String what, Segmentation from, Segmentation to, double[] scoreChange) {
    int n = 0;
    for (Instance a : from.instances()) {
      if (a.score() < CONFIDENT) {
        continue;
      }
      double best = 0;
      double closestScore = Double.MAX_VALUE; // among the twins (SOLO's decayed duplicates overlap as much)
      for (Instance b : to.instances()) {
        double overlap = b.classId() == a.classId() ? twinOverlap(a.bitmap(), b.bitmap()) : 0;
        best = Math.max(best, overlap);
        if (overlap >= 0.98) {
          closestScore = Math.min(closestScore, Math.abs(a.score() - b.score()));
        }
      }
      assertTrue(best >= 0.98, what + ": " + a + " has no twin (best IoU " + best + ")");
      scoreChange[0] = Math.max(scoreChange[0], closestScore);
      n++;
    }
    return n;
  }

  /** Mask IoU, or 1 where the masks differ in at most one pixel (IoU cannot reach 0.98 below 50 pixels). */
  private static double twinOverlap(boolean[] a, boolean[] b) {
    long inter = 0;
    long union = 0;
    for (int i = 0; i < a.length; i++) {
      inter += a[i] && b[i] ? 1 : 0;
      union += a[i] || b[i] ? 1 : 0;
    }
    return union - inter <= 1 ? 1 : (double) inter / union;
  }
}
