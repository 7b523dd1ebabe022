package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.OpenCvResize;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.weights.NpzReader;
import dev.dynsolo.model.weights.WeightTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The imported model against the authors' own code, stage by stage, on both fixture inputs (one
 * needs padding, one does not): the resized image (byte for byte), the normalised padded input,
 * FPN P2..P6, category probabilities, points-NMS flags, kernels and the mask feature.
 *
 * <p>Tolerances: 1e-4 * max(1, |reference|) (the fixture README's for a float32 port) for every
 * stage. The FPN levels (values up to 36 after 18 float32 layers) are also held to the exact
 * values: {@code src/test/resources/oracle/fpn_float64_truth_*.npz} is P2..P6 computed in float64
 * (stored as float32) by a plain PyTorch forward of the fixture's checkpoint on its input, run in a
 * scratch directory with the pip mirror's torch 2.13; the same script in float32 reproduces the
 * authors' arrays to 8.6e-6 (P2 and P3 bit for bit). The authors' own float32 run is 2.5-5.9e-5 from
 * the exact values. Without oneDNN (Eigen's kernels, the pom's {@code authors-stages-eigen}
 * run) ours is 3.6-7.2e-5 from them and every stage within 1e-4 of the authors'. With oneDNN
 * (the default; its AVX-512 float32 convolutions round more: with ONEDNN_MAX_CPU_ISA=AVX2 ours is
 * 4.6e-5 from exact) ours is 4.6e-5-1.02e-4 from exact, at most twice the authors' own error, and
 * up to 1.2e-4 from the authors', so there the FPN levels are held to 2e-4 absolute. Points-NMS
 * flags must agree wherever the probability is above half the score threshold; below it, a flag
 * only compares near-equal neighbours and cannot reach the output.
 */
class AuthorsStagesTest {
  private static final double TOLERANCE = 1e-4;
  private static final double FPN_TOLERANCE = 2e-4;
  /** Whether TensorFlow's oneDNN kernels run (the default); the pom runs this test once more without them. */
  private static final boolean ONEDNN = !"0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"));
  private static ImportedModel model;

  @BeforeAll
  static void importModel() {
    model = SoloCheckpointImport.read(AuthorsOracle.file(AuthorsOracle.ZIP_FP32), null);
  }

  @Test
  void resizeGivesTheAuthorsBytes() {
    for (String input : AuthorsOracle.INPUTS) {
      RgbImage crop = AuthorsOracle.png("crop_" + input + ".png");
      RgbImage expected = AuthorsOracle.png("resized_" + input + ".png");
      Letterbox box = model.config().input().place(crop.width(), crop.height());
      assertEquals(expected.width(), box.scaledWidth(), input);
      assertEquals(expected.height(), box.scaledHeight(), input);
      assertArrayEquals(expected.pixels(), OpenCvResize.linear(crop, box.scaledWidth(), box.scaledHeight()).pixels(),
          input + ": resized bytes differ from OpenCV's in the authors' pipeline");
    }
  }

  @Test
  void everyStageMatchesTheReference() {
    for (String input : AuthorsOracle.INPUTS) {
      Map<String, WeightTensor> ref = AuthorsOracle.reference(input);
      RgbImage crop = AuthorsOracle.png("crop_" + input + ".png");
      Letterbox box = model.config().input().place(crop.width(), crop.height());
      RgbImage resized = OpenCvResize.linear(crop, box.scaledWidth(), box.scaledHeight());
      List<OracleChecks.Stage> stages = OracleChecks.stages(model, resized);
      Map<String, WeightTensor> truth = NpzReader.readAll(
          Path.of("src/test/resources/oracle/fpn_float64_truth_" + input + ".npz"));
      for (OracleChecks.Stage stage : stages) {
        String name = stage.name();
        if (name.startsWith("fpn")) {
          // Both float32 ports against the exact values (see the class comment).
          WeightTensor exact = truth.get(name);
          double theirs = OracleChecks.assertClose(input + " " + name + " (authors' run vs float64)", exact,
              OracleChecks.nhwc(ref.get(name)), stage.shape(), true, TOLERANCE);
          OracleChecks.assertClose(input + " " + name + " (ours vs float64)", exact, stage.values(), stage.shape(), true,
              ONEDNN ? 2 * theirs : TOLERANCE);
        }
        if (name.startsWith("cate_keep")) {
          OracleChecks.assertFlagsEqual(input + " " + name, ref.get(name), ref.get(name.replace("keep", "prob")),
              stage.values());
        } else {
          boolean fpn = name.startsWith("fpn");
          OracleChecks.assertClose(input + " " + name, ref.get(name), stage.values(), stage.shape(), fpn,
              fpn && ONEDNN ? FPN_TOLERANCE : TOLERANCE);
        }
      }
    }
  }
}
