package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.OpenCvResize;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.weights.NpzReader;
import dev.dynsolo.model.graph.ImageNormalisation;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.SoloOutputs;
import dev.dynsolo.model.net.VariableStore;
import dev.dynsolo.model.postprocess.PointsNms;
import dev.dynsolo.model.weights.BatchNormFolding;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

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
  private static final float FLAG_RELEVANCE = 0.05f;
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
      List<float[]> outputs = new ArrayList<>();
      List<long[]> shapes = new ArrayList<>();
      run(model.config(), resized, outputs, shapes);
      List<String> names = stageNames();
      assertEquals(names.size(), outputs.size());
      Map<String, WeightTensor> truth = NpzReader.readAll(
          Path.of("src/test/resources/oracle/fpn_float64_truth_" + input + ".npz"));
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        if (name.startsWith("fpn")) {
          // Both float32 ports against the exact values (see the class comment).
          WeightTensor exact = truth.get(name);
          double theirs = assertClose(input + " " + name + " (authors' run vs float64)", exact, nhwc(ref.get(name)),
              shapes.get(i), true, TOLERANCE);
          assertClose(input + " " + name + " (ours vs float64)", exact, outputs.get(i), shapes.get(i), true,
              ONEDNN ? 2 * theirs : TOLERANCE);
        }
        if (name.startsWith("cate_keep")) {
          assertFlagsEqual(input + " " + name, ref.get(name), ref.get(name.replace("keep", "prob")), outputs.get(i));
        } else {
          assertClose(input + " " + name, ref.get(name), outputs.get(i), shapes.get(i), name.startsWith("fpn"));
        }
      }
    }
  }

  private static List<String> stageNames() {
    List<String> names = new ArrayList<>(List.of("input", "fpn_p2", "fpn_p3", "fpn_p4", "fpn_p5", "fpn_p6"));
    for (String stage : List.of("cate_prob_l", "cate_keep_l", "kernel_l")) {
      for (int l = 0; l < 5; l++) {
        names.add(stage + l);
      }
    }
    names.add("mask_feat");
    return names;
  }

  /** Runs the inference-form network (BatchNorm folded, as bundles hold it) and fetches every stage. */
  private static void run(ModelConfig config, RgbImage image, List<float[]> outputs, List<long[]> shapes) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TUint8> images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      VariableStore store = new VariableStore(tf, 0);
      Layers layers = new Layers(tf, store, BuildMode.INFERENCE);
      Operand<TFloat32> normalised = ImageNormalisation.apply(tf, images, config.input());
      SoloOutputs out = SoloNetwork.build(layers, config, normalised);
      List<Operand<TFloat32>> fetches = new ArrayList<>(List.of(normalised));
      fetches.addAll(out.pyramid());
      List<Operand<TFloat32>> probabilities = out.categoryLogits().stream().<Operand<TFloat32>>map(tf.math::sigmoid).toList();
      fetches.addAll(probabilities);
      probabilities.forEach(p -> fetches.add(PointsNms.apply(tf, p)));
      fetches.addAll(out.kernels());
      fetches.add(out.maskFeatures());
      try (Session session = new Session(graph);
          TUint8 feed = TUint8.tensorOf(Shape.of(1, image.height(), image.width(), 3),
              DataBuffers.of(image.pixels(), true, false))) {
        SessionWeights.assign(graph, session, store.all(), BatchNormFolding.fold(model.weights(), layers.foldedPairs()));
        Session.Runner runner = session.runner().feed(images, feed);
        fetches.forEach(runner::fetch);
        try (Result result = runner.run()) {
          for (int i = 0; i < fetches.size(); i++) {
            TFloat32 t = (TFloat32) result.get(i);
            float[] values = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(values, false, false));
            outputs.add(values);
            shapes.add(t.shape().asArray());
          }
        }
      }
    }
  }

  /** ours NHWC [1, H, W, C] against the reference NCHW [1, C, H, W]. */
  private static void assertClose(String what, WeightTensor ref, float[] ours, long[] shape, boolean absolute) {
    assertClose(what, ref, ours, shape, absolute, absolute && ONEDNN ? FPN_TOLERANCE : TOLERANCE);
  }

  /** NCHW [1, C, H, W] as NHWC values. */
  private static float[] nhwc(WeightTensor t) {
    long[] r = t.shape();
    int c = (int) r[1];
    int h = (int) r[2];
    int w = (int) r[3];
    float[] out = new float[c * h * w];
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < h * w; i++) {
        out[i * c + ch] = t.values()[ch * h * w + i];
      }
    }
    return out;
  }

  /** Returns the largest difference (divided by max(1, |ref|) unless {@code absolute}). */
  private static double assertClose(String what, WeightTensor ref, float[] ours, long[] shape, boolean absolute,
      double limit) {
    long[] r = ref.shape();
    assertArrayEquals(new long[] {r[0], r[2], r[3], r[1]}, shape, what + ": shape");
    int c = (int) r[1];
    int h = (int) r[2];
    int w = (int) r[3];
    float[] expected = ref.values();
    double worst = 0;
    double worstAbs = 0;
    double maxRef = 0;
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double e = expected[(ch * h + y) * w + x];
          double d = Math.abs(ours[(y * w + x) * c + ch] - e) / (absolute ? 1 : Math.max(1, Math.abs(e)));
          worst = Math.max(worst, d);
          worstAbs = Math.max(worstAbs, Math.abs(ours[(y * w + x) * c + ch] - e));
          maxRef = Math.max(maxRef, Math.abs(e));
        }
      }
    }
    System.out.printf("STAGE %s scaled %.3g abs %.3g max|ref| %.3g%n", what, worst, worstAbs, maxRef);
    if (System.getenv("STAGES_REPORT") == null) {
      assertTrue(worst <= limit, what + ": largest difference " + worst + " > " + limit);
    }
    return worst;
  }

  /** Our points-NMS output is the kept probability (0 where suppressed); the reference stores flags. */
  private static void assertFlagsEqual(String what, WeightTensor ref, WeightTensor probability, float[] kept) {
    long[] r = ref.shape();
    int c = (int) r[1];
    int h = (int) r[2];
    int w = (int) r[3];
    int differ = 0;
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (probability.values()[(ch * h + y) * w + x] <= FLAG_RELEVANCE) {
            continue;
          }
          boolean expected = ref.values()[(ch * h + y) * w + x] != 0;
          boolean ours = kept[(y * w + x) * c + ch] > 0;
          differ += expected != ours ? 1 : 0;
        }
      }
    }
    assertEquals(0, differ, what + ": points-NMS flags that differ above probability " + FLAG_RELEVANCE);
  }
}
