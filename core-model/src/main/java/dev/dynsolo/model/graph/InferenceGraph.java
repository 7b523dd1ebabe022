package dev.dynsolo.model.graph;

import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.InputResize;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.PostProcessConfig;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.ConvBnPair;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.ModelVariable;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.SoloOutputs;
import dev.dynsolo.model.net.VariableStore;
import dev.dynsolo.model.postprocess.Detections;
import dev.dynsolo.model.postprocess.PostProcessGraph;
import dev.dynsolo.model.postprocess.RuntimeThresholds;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The serving graph: uint8 RGB images at the model input size in, normalised in the graph, through
 * the network (BatchNorm folded) and all post-processing, out as padded detections.
 *
 * @param config the model it was built for
 * @param images the [B, H, W, 3] uint8 input
 * @param thresholds run-time thresholds (placeholders with the config's defaults)
 * @param detections the outputs
 * @param variables every variable, in creation order
 * @param foldedPairs the conv + BN pairs whose weights must be folded before loading
 * @param bf16Detections the same outputs computed with bfloat16 convolutions in the backbone, FPN,
 *     head and the mask branch's levels (same variables; the mask feature's last 1x1 convolution
 *     and post-processing float32), or null when not built
 */
public record InferenceGraph(
    ModelConfig config, Operand<TUint8> images, RuntimeThresholds thresholds, Detections detections,
    List<ModelVariable> variables, List<ConvBnPair> foldedPairs, Detections bf16Detections) {

  /** Key of the bfloat16 signature in bundles that have one. */
  public static final String BF16_SIGNATURE = "serving_bf16";

  /** Builds the serving graph into {@code graph}; variables start from seeded random values. */
  public static InferenceGraph build(Graph graph, ModelConfig config, long seed) {
    return build(graph, config, seed, BuildMode.INFERENCE);
  }

  /**
   * Builds the serving graph in the given form: {@link BuildMode#INFERENCE} (BatchNorm folded, what
   * bundles hold) or {@link BuildMode#TRAINING} (BatchNorm as its own op, to evaluate training-form
   * weights without exporting them).
   */
  public static InferenceGraph build(Graph graph, ModelConfig config, long seed, BuildMode mode) {
    return build(graph, config, seed, mode, false);
  }

  /**
   * The serving graph of a bundle: float32 outputs for {@code serving_default} and, over the same
   * variables and inputs, bfloat16-convolution outputs for {@value #BF16_SIGNATURE}.
   */
  public static InferenceGraph buildServing(Graph graph, ModelConfig config) {
    return build(graph, config, 0, BuildMode.INFERENCE, true);
  }

  private static InferenceGraph build(Graph graph, ModelConfig config, long seed, BuildMode mode, boolean bf16) {
    Ops tf = Ops.create(graph);
    Placeholder<TUint8> images = tf.withName(SignatureNames.IMAGES).placeholder(TUint8.class,
        Placeholder.shape(imageShape(config.input())));
    PostProcessConfig post = config.postProcess();
    RuntimeThresholds thresholds = new RuntimeThresholds(
        scalar(tf, SignatureNames.SCORE_THRESHOLD, post.scoreThreshold()),
        scalar(tf, SignatureNames.MASK_THRESHOLD, post.maskThreshold()),
        scalar(tf, SignatureNames.UPDATE_THRESHOLD, post.updateThreshold()),
        scalar(tf, SignatureNames.NMS_SIGMA, post.sigma()),
        scalar(tf, SignatureNames.NMS_LINEAR, post.kernel() == NmsKernel.LINEAR ? 1f : 0f));

    VariableStore store = new VariableStore(tf, seed);
    Layers layers = new Layers(tf, store, mode);
    Operand<TFloat32> normalised = ImageNormalisation.apply(tf, images, config.input());
    SoloOutputs outputs = SoloNetwork.build(layers, config, normalised);
    Detections named = named(tf, new PostProcessGraph(tf, config).build(outputs, thresholds), "");
    List<ConvBnPair> pairs = layers.foldedPairs();
    Detections half = null;
    if (bf16) {
      Ops sub = tf.withSubScope("bf16");
      SoloOutputs halfOutputs = SoloNetwork.build(layers.withBf16Convolutions(), config, normalised);
      half = named(tf, new PostProcessGraph(sub, config).build(halfOutputs, thresholds), "_bf16");
    }
    return new InferenceGraph(config, images, thresholds, named, store.all(), pairs, half);
  }

  private static Detections named(Ops tf, Detections d, String suffix) {
    return new Detections(
        tf.withName(SignatureNames.SCORES + suffix).identity(d.scores()),
        tf.withName(SignatureNames.CLASSES + suffix).identity(d.classes()),
        tf.withName(SignatureNames.MASKS + suffix).identity(d.masks()),
        tf.withName(SignatureNames.COUNT + suffix).identity(d.count()));
  }

  /** The serving signature: images and optional thresholds in, the four padded outputs out. */
  public Signature signature() {
    return signature(Signature.DEFAULT_KEY, detections);
  }

  /** The bfloat16 signature (same inputs and output names); only when built with {@link #buildServing}. */
  public Signature bf16Signature() {
    if (bf16Detections == null) {
      throw new IllegalStateException("this inference graph was built without bf16 outputs");
    }
    return signature(BF16_SIGNATURE, bf16Detections);
  }

  private Signature signature(String key, Detections detections) {
    return Signature.builder()
        .key(key)
        .input(SignatureNames.IMAGES, images)
        .input(SignatureNames.SCORE_THRESHOLD, thresholds.score())
        .input(SignatureNames.MASK_THRESHOLD, thresholds.mask())
        .input(SignatureNames.UPDATE_THRESHOLD, thresholds.update())
        .input(SignatureNames.NMS_SIGMA, thresholds.sigma())
        .input(SignatureNames.NMS_LINEAR, thresholds.linearKernel())
        .output(SignatureNames.SCORES, detections.scores())
        .output(SignatureNames.CLASSES, detections.classes())
        .output(SignatureNames.MASKS, detections.masks())
        .output(SignatureNames.COUNT, detections.count())
        .build();
  }

  /**
   * [B, H, W, 3]: fixed for letterbox inputs; any size for keep-ratio inputs (each batch holds
   * frames resized to one size, which the graph pads to a multiple of 32).
   */
  public static Shape imageShape(InputConfig input) {
    return input.resize() == InputResize.LETTERBOX
        ? Shape.of(-1, input.height(), input.width(), 3)
        : Shape.of(-1, -1, -1, 3);
  }

  private static Operand<TFloat32> scalar(Ops tf, String name, float value) {
    return tf.withName(name).placeholderWithDefault(tf.constant(value), Shape.scalar());
  }
}
