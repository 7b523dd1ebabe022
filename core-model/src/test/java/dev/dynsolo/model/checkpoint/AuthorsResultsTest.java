package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.bundle.LoadedBundle;
import dev.dynsolo.model.bundle.ModelCard;
import dev.dynsolo.model.config.InputResize;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.WeightTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole user path against the authors' final results: import each fixture checkpoint (zip
 * float32 in WXinlong's layout, legacy float16 in mmdetection's), write a real SavedModel bundle,
 * open it in a fresh session and segment both crops at their own size. The instance lists must
 * equal the reference: same count, each reference instance matched one-to-one by class with its
 * score within 1e-4 and mask IoU >= 0.99 at the
 * crop's size.
 */
class AuthorsResultsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {AuthorsOracle.ZIP_FP32, AuthorsOracle.LEGACY_FP16})
  void importedBundleGivesTheAuthorsInstances(String checkpoint) {
    ImportedModel model = SoloCheckpointImport.read(AuthorsOracle.file(checkpoint), null);
    Path bundle = dir.resolve("bundle");
    BundleWriter.write(bundle, model.config(), model.weights(), model.classNames(), "oracle", model.categoryIds());
    ModelCard card = LoadedBundle.readCard(bundle);
    assertEquals(InputResize.KEEP_RATIO, card.input().resize());
    assertEquals(224, card.input().height());
    assertEquals(384, card.input().width());
    assertEquals(10, card.categoryId(9), "traffic light is COCO category 10");
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults())) {
      for (String input : AuthorsOracle.INPUTS) {
        RgbImage crop = AuthorsOracle.png("crop_" + input + ".png");
        Segmentation result = segmenter.segment(List.of(crop)).get(0);
        assertSameInstances(checkpoint + " " + input, AuthorsOracle.reference(input), result, crop);
      }
    }
  }

  private static void assertSameInstances(String what, Map<String, WeightTensor> ref, Segmentation ours, RgbImage crop) {
    float[] scores = ref.get("result_scores").values();
    float[] labels = ref.get("result_labels").values();
    float[] masks = ref.get("result_masks").values();
    int pixels = crop.width() * crop.height();
    assertEquals(scores.length, ours.instances().size(), what + ": number of instances");
    List<Instance> unmatched = new ArrayList<>(ours.instances());
    double worstScore = 0;
    double worstIou = 1;
    for (int k = 0; k < scores.length; k++) {
      Instance best = null;
      double bestIou = -1;
      for (Instance candidate : unmatched) {
        if (candidate.classId() != (int) labels[k] || Math.abs(candidate.score() - scores[k]) > 1e-4) {
          continue;
        }
        double iou = iou(candidate.mask().toBitmap(), masks, k * pixels, pixels);
        if (iou > bestIou) {
          bestIou = iou;
          best = candidate;
        }
      }
      assertNotNull(best, what + ": no instance of class " + (int) labels[k] + " with score " + scores[k]);
      unmatched.remove(best);
      worstScore = Math.max(worstScore, Math.abs(best.score() - scores[k]));
      worstIou = Math.min(worstIou, bestIou);
      assertTrue(bestIou >= 0.99, what + ": instance " + k + " mask IoU " + bestIou);
    }
    System.out.printf("%s: %d instances equal; largest score difference %.2g, smallest mask IoU %.5f%n", what,
        scores.length, worstScore, worstIou);
  }

  private static double iou(boolean[] ours, float[] ref, int offset, int pixels) {
    long inter = 0;
    long union = 0;
    for (int i = 0; i < pixels; i++) {
      boolean a = ours[i];
      boolean b = ref[offset + i] != 0;
      inter += a && b ? 1 : 0;
      union += a || b ? 1 : 0;
    }
    return union == 0 ? 1 : (double) inter / union;
  }
}
