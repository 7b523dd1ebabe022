package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * How the oracle tests compare an imported model with the authors' arrays: our stages fetched
 * from the inference-form graph (NHWC) against their NCHW arrays, points-NMS flags, and final
 * instance lists matched one to one.
 */
final class OracleChecks {
  /** Points-NMS flags below this probability only compare near-equal neighbours and cannot reach the output. */
  static final float FLAG_RELEVANCE = 0.05f;

  private OracleChecks() {}

  /** A stage of our network: its values (NHWC) and shape. */
  record Stage(String name, float[] values, long[] shape) {}

  /**
   * Stage names in the order {@link #stages} returns them: input, fpn_p2..p6, cate_prob_l0..4,
   * cate_keep_l0..4, kernel_l0..4, mask_feat.
   */
  static List<String> stageNames() {
    List<String> names = new ArrayList<>(List.of("input", "fpn_p2", "fpn_p3", "fpn_p4", "fpn_p5", "fpn_p6"));
    for (String stage : List.of("cate_prob_l", "cate_keep_l", "kernel_l")) {
      for (int l = 0; l < 5; l++) {
        names.add(stage + l);
      }
    }
    names.add("mask_feat");
    return names;
  }

  /** Runs the inference-form network (BatchNorm folded, as bundles hold it) on a resized image. */
  static List<Stage> stages(ImportedModel model, RgbImage image) {
    List<String> names = stageNames();
    List<Stage> out = new ArrayList<>();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TUint8> images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      VariableStore store = new VariableStore(tf, 0);
      Layers layers = new Layers(tf, store, BuildMode.INFERENCE);
      Operand<TFloat32> normalised = ImageNormalisation.apply(tf, images, model.config().input());
      SoloOutputs net = SoloNetwork.build(layers, model.config(), normalised);
      List<Operand<TFloat32>> fetches = new ArrayList<>(List.of(normalised));
      fetches.addAll(net.pyramid());
      List<Operand<TFloat32>> probabilities =
          net.categoryLogits().stream().<Operand<TFloat32>>map(tf.math::sigmoid).toList();
      fetches.addAll(probabilities);
      probabilities.forEach(p -> fetches.add(PointsNms.apply(tf, p)));
      fetches.addAll(net.kernels());
      fetches.add(net.maskFeatures());
      try (Session session = new Session(graph);
          TUint8 feed = TUint8.tensorOf(Shape.of(1, image.height(), image.width(), 3),
              DataBuffers.of(image.pixels(), true, false))) {
        SessionWeights.assign(graph, session, store.all(),
            BatchNormFolding.fold(model.weights(), layers.foldedPairs()));
        Session.Runner runner = session.runner().feed(images, feed);
        fetches.forEach(runner::fetch);
        try (Result result = runner.run()) {
          for (int i = 0; i < fetches.size(); i++) {
            TFloat32 t = (TFloat32) result.get(i);
            float[] values = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(values, false, false));
            out.add(new Stage(names.get(i), values, t.shape().asArray()));
          }
        }
      }
    }
    return out;
  }

  /** NCHW [1, C, H, W] as NHWC values. */
  static float[] nhwc(WeightTensor t) {
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

  /**
   * Ours (NHWC [1, H, W, C]) against the reference (NCHW [1, C, H, W]): the largest difference,
   * divided by max(1, |ref|) unless {@code absolute}, must not exceed {@code limit}; returns it.
   * With the environment variable STAGES_REPORT set it only prints.
   */
  static double assertClose(String what, WeightTensor ref, float[] ours, long[] shape, boolean absolute, double limit) {
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
          double diff = Math.abs(ours[(y * w + x) * c + ch] - e);
          worst = Math.max(worst, diff / (absolute ? 1 : Math.max(1, Math.abs(e))));
          worstAbs = Math.max(worstAbs, diff);
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
  static void assertFlagsEqual(String what, WeightTensor ref, WeightTensor probability, float[] kept) {
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

  /**
   * Our instances equal the reference's ({@code result_scores}, {@code result_labels},
   * {@code result_masks} at the crop's size): same count, each reference instance matched one to
   * one by class with its score within 1e-4 and mask IoU >= 0.99.
   */
  static void assertSameInstances(String what, Map<String, WeightTensor> ref, Segmentation ours, RgbImage crop) {
    assertSameInstances(what, ref, ours, crop, 1e-4);
  }

  /** As {@link #assertSameInstances(String, Map, Segmentation, RgbImage)}, scores within {@code scoreTolerance}. */
  static void assertSameInstances(String what, Map<String, WeightTensor> ref, Segmentation ours, RgbImage crop,
      double scoreTolerance) {
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
        if (candidate.classId() != (int) labels[k] || Math.abs(candidate.score() - scores[k]) > scoreTolerance) {
          continue;
        }
        double iou = iou(candidate.mask().toBitmap(), masks, k * pixels, pixels);
        if (iou > bestIou) {
          bestIou = iou;
          best = candidate;
        }
      }
      int label = (int) labels[k];
      assertNotNull(best, what + ": no instance of class " + label + " with score " + scores[k]
          + "; ours of that class: " + unmatched.stream().filter(i -> i.classId() == label)
              .map(i -> i.score() + " (" + i.mask().area() + " px)").toList());
      unmatched.remove(best);
      worstScore = Math.max(worstScore, Math.abs(best.score() - scores[k]));
      worstIou = Math.min(worstIou, bestIou);
      assertTrue(bestIou >= 0.99, what + ": instance " + k + " mask IoU " + bestIou);
    }
    System.out.printf("%s: %d instances equal; largest score difference %.2g, smallest mask IoU %.5f%n", what,
        scores.length, worstScore, worstIou);
  }

  /**
   * The largest score difference between two lists of the same instances (labels, scores), each
   * instance of {@code a} paired with the unpaired one of {@code b} of its label nearest in score.
   */
  static double largestScoreDifference(float[] labelsA, float[] scoresA, float[] labelsB, float[] scoresB) {
    assertEquals(scoresA.length, scoresB.length, "number of instances");
    boolean[] used = new boolean[scoresB.length];
    double worst = 0;
    for (int i = 0; i < scoresA.length; i++) {
      int best = -1;
      for (int j = 0; j < scoresB.length; j++) {
        if (!used[j] && labelsB[j] == labelsA[i]
            && (best < 0 || Math.abs(scoresB[j] - scoresA[i]) < Math.abs(scoresB[best] - scoresA[i]))) {
          best = j;
        }
      }
      assertTrue(best >= 0, "no instance of class " + (int) labelsA[i] + " to pair with");
      used[best] = true;
      worst = Math.max(worst, Math.abs(scoresB[best] - scoresA[i]));
    }
    return worst;
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
