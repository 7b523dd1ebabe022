package dev.dynsolo.model.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.graph.InferenceGraph;
import dev.dynsolo.model.runtime.Precision;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.InitialWeights;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;

/**
 * A bundle written before bundles carried a bf16 signature still serves {@code precision: bf16},
 * through TensorFlow's mixed-precision rewrite of its whole graph, and says so. The older bundle is
 * made from a new one by deleting that signature from its {@code saved_model.pb}.
 */
class OlderBundleTest {
  @TempDir Path dir;

  @Test
  void aBundleWithoutTheBf16SignatureIsServedWithTheRewriteAndSaysSo() throws Exception {
    Assumptions.assumeTrue(Precision.AUTO.effective() == Precision.BF16,
        "this CPU has no bfloat16 instructions (avx512_bf16 / amx_bf16): skipped");
    ModelConfig config = TestModels.nanoWithBatchNorm(2);
    Path bundle = dir.resolve("older");
    BundleWriter.write(bundle, config, InitialWeights.create(config, 4), TestModels.classNames(2), "test");
    assertEquals(1, dropSignature(BundleLayout.savedModel(bundle), InferenceGraph.BF16_SIGNATURE));
    assertFalse(LoadedBundle.hasSignature(bundle, InferenceGraph.BF16_SIGNATURE));

    RuntimeOptions bf16 = RuntimeOptions.defaults().withPrecision(Precision.BF16);
    RgbImage frame = new RgbImage(256, 256, TestModels.randomPixels(256 * 256 * 3, 7));
    try (Segmenter segmenter = Segmenters.open(bundle, bf16)) {
      assertEquals("bf16-rewrite", segmenter.info().precision());
      assertEquals(256, segmenter.segment(List.of(frame)).get(0).frameWidth());
    }
    try (Segmenter segmenter = Segmenters.open(bundle, bf16.withPrecision(Precision.FP32))) {
      assertEquals("fp32", segmenter.info().precision());
    }
  }

  /** Removes a signature from every meta graph of a SavedModel file; returns how many held it. */
  private static int dropSignature(Path savedModel, String key) throws Exception {
    SavedModel model;
    try (InputStream in = Files.newInputStream(savedModel)) {
      model = SavedModel.parseFrom(in);
    }
    SavedModel.Builder builder = model.toBuilder();
    int dropped = 0;
    for (int i = 0; i < builder.getMetaGraphsCount(); i++) {
      if (builder.getMetaGraphs(i).getSignatureDefMap().containsKey(key)) {
        builder.getMetaGraphsBuilder(i).removeSignatureDef(key);
        dropped++;
      }
    }
    try (OutputStream out = Files.newOutputStream(savedModel)) {
      builder.build().writeTo(out);
    }
    return dropped;
  }
}
