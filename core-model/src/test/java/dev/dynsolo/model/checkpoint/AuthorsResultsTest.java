package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.bundle.LoadedBundle;
import dev.dynsolo.model.bundle.ModelCard;
import dev.dynsolo.model.config.InputResize;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import java.nio.file.Path;
import java.util.List;
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
        OracleChecks.assertSameInstances(checkpoint + " " + input, AuthorsOracle.reference(input), result, crop);
      }
    }
  }
}
