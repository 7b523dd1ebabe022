package dev.dynsolo.model.net;

import dev.dynsolo.model.config.ConvKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * The few layers SOLOv2 needs, written on raw ops (TensorFlow Java has no layers API). Tensors are
 * NHWC float32; spatial sizes may be dynamic, so multi-scale training and fixed-size inference share
 * one definition.
 */
public final class Layers {
  static final float NORM_EPSILON = 1e-5f;

  private final Ops tf;
  private final VariableStore variables;
  private final BuildMode mode;
  private final List<ConvBnPair> foldedPairs;
  private final boolean bf16;
  private long convFlops;
  private boolean flopsComplete = true;

  public Layers(Ops tf, VariableStore variables, BuildMode mode) {
    this(tf, variables, mode, new ArrayList<>(), false);
  }

  private Layers(Ops tf, VariableStore variables, BuildMode mode, List<ConvBnPair> foldedPairs, boolean bf16) {
    this.tf = tf;
    this.variables = variables;
    this.mode = mode;
    this.foldedPairs = foldedPairs;
    this.bf16 = bf16;
  }

  /**
   * The same layers (variables, folded pairs) whose convolutions multiply in bfloat16: inputs and
   * weights are cast to bfloat16, the convolution accumulates in float32 inside oneDNN, and its
   * output is cast back, so norms, activations and everything after stay float32. What the
   * serving graph's bf16 signature builds its backbone, FPN, head and the mask branch's per-level
   * convolutions with; the mask feature's last 1x1 convolution and the dynamic convolution stay
   * float32, whose rounding would move every mask's edges.
   */
  public Layers withBf16Convolutions() {
    return new Layers(tf, variables, mode, foldedPairs, true);
  }

  /** The same layers with float32 convolutions. */
  public Layers withFloat32Convolutions() {
    return new Layers(tf, variables, mode, foldedPairs, false);
  }

  /** Whether convolutions multiply in bfloat16. */
  public boolean bf16() {
    return bf16;
  }

  public Ops tf() {
    return tf;
  }

  public BuildMode mode() {
    return mode;
  }

  /**
   * Multiply-add FLOPs (2 per MAC) per image of every convolution built so far, from static
   * shapes; see {@link #flopsComplete()}.
   */
  public long convFlops() {
    return convFlops;
  }

  /** False when some convolution's output size was not known statically (its FLOPs are missing). */
  public boolean flopsComplete() {
    return flopsComplete;
  }

  /** Conv+BN pairs that this inference graph expects folded. */
  public List<ConvBnPair> foldedPairs() {
    return List.copyOf(foldedPairs);
  }

  /**
   * A 2-D convolution with PyTorch padding semantics (k/2 on every side), so imported weights give
   * the same result: SAME for stride 1, explicit symmetric padding then VALID for larger strides.
   */
  public Operand<TFloat32> conv(
      String name, Operand<TFloat32> x, int in, int out, int k, int stride, boolean bias, Init init) {
    return convIn(name, x, in, out, k, stride, bias, init);
  }

  /** A conv with a bias whose initial value is given (the category prior). */
  public Operand<TFloat32> convWithBias(
      String name, Operand<TFloat32> x, int in, int out, int k, Init init, float biasValue) {
    Operand<TFloat32> w = variables.create(name + ".weight", Shape.of(k, k, in, out), init, VariableRole.TRAINABLE);
    Operand<TFloat32> b = variables.create(name + ".bias", Shape.of(out), Init.constant(biasValue), VariableRole.TRAINABLE);
    return tf.nn.biasAdd(convolve(x, w, k, 1), b);
  }

  private <T extends TNumber> Operand<T> convolve(Operand<T> x, Operand<T> w, int k, int stride) {
    Operand<T> y = convolveOnly(x, w, k, stride);
    countFlops(y, w.shape());
    return y;
  }

  private <T extends TNumber> Operand<T> convolveOnly(Operand<T> x, Operand<T> w, int k, int stride) {
    return convolveOnly(x, w, k, stride, bf16);
  }

  private <T extends TNumber> Operand<T> convolveOnly(Operand<T> x, Operand<T> w, int k, int stride, boolean inBf16) {
    List<Long> strides = Arrays.asList(1L, (long) stride, (long) stride, 1L);
    String padding = "SAME";
    if (stride != 1) {
      int pad = k / 2;
      if (pad > 0) {
        x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), zero(x.type()));
      }
      padding = "VALID";
    }
    if (!inBf16 || x.type() != TFloat32.class) {
      return tf.nn.conv2d(x, w, strides, padding);
    }
    Operand<TBfloat16> y = tf.nn.conv2d(tf.dtypes.cast(x, TBfloat16.class), tf.dtypes.cast(w, TBfloat16.class),
        strides, padding);
    return tf.dtypes.cast(y, x.type());
  }

  private Operand<TFloat32> deformable(ConvKind kind, String name, Operand<TFloat32> x, Operand<TFloat32> w, int in,
      int k, int stride, int groups) {
    int predictions = kind.offsetChannels(k);
    Operand<TFloat32> offsetWeight = variables.create(name + ".conv_offset.weight", Shape.of(k, k, in, predictions),
        Init.constant(0f), VariableRole.TRAINABLE);
    Operand<TFloat32> offsetBias = variables.create(name + ".conv_offset.bias", Shape.of(predictions),
        Init.constant(0f), VariableRole.TRAINABLE);
    Operand<TFloat32> predicted = tf.nn.biasAdd(convolveOnly(x, offsetWeight, k, stride, false), offsetBias);
    countFlops(predicted, offsetWeight.shape());
    Operand<TFloat32> offsets = predicted;
    Operand<TFloat32> modulation = null;
    if (kind == ConvKind.MODULATED) {
      // The authors' DCNv2 splits its 3k^2 predictions in three: the first two thirds, in order, are
      // the offsets; the last third, through a sigmoid, the modulation.
      int offsetCount = ConvKind.DEFORMABLE.offsetChannels(k);
      var parts = tf.splitV(predicted, tf.constant(new int[] {offsetCount, predictions - offsetCount}),
          tf.constant(3), 2L);
      offsets = parts.output().get(0);
      modulation = tf.math.sigmoid(parts.output().get(1));
    }
    Operand<TFloat32> y = DeformableConvolution.apply(tf, x, offsets, modulation, w, k, stride, groups, bf16);
    countFlops(predicted, w.shape());
    return y;
  }

  /** Adds the multiply-adds of a kernel of the given shape over an output shaped like {@code out}. */
  private void countFlops(Operand<?> out, Shape kernel) {
    Shape shape = out.shape();
    if (shape.numDimensions() == 4 && shape.size(1) > 0 && shape.size(2) > 0) {
      convFlops += 2L * kernel.size(0) * kernel.size(1) * kernel.size(2) * kernel.size(3)
          * shape.size(1) * shape.size(2);
    } else {
      flopsComplete = false;
    }
  }

  /** Zero of the given type, for padding. */
  public <T extends TNumber> Operand<T> zero(Class<T> type) {
    return as(tf.constant(0f), type);
  }

  /** {@code x} as the given type (no op when it is that type already). */
  @SuppressWarnings("unchecked")
  public <T extends TNumber> Operand<T> as(Operand<? extends TNumber> x, Class<T> type) {
    return x.type() == type ? (Operand<T>) x : tf.dtypes.cast(x, type);
  }

  /**
   * The type backbone activations flow in: bfloat16 when convolutions multiply in bfloat16 (so
   * conv, bias, ReLU and residual adds run as one fused bfloat16 op each, with no cast between
   * layers), else float32.
   */
  public Class<? extends TNumber> activationType() {
    return bf16 ? TBfloat16.class : TFloat32.class;
  }

  /**
   * As {@link #conv}, in the type of {@code x}: a bfloat16 input gets bfloat16 weights and bias and
   * gives bfloat16 out (oneDNN accumulates in float32 inside the op); a float32 input is
   * {@link #conv} itself (with bfloat16 convolutions, cast around the op).
   */
  public <T extends TNumber> Operand<T> convIn(
      String name, Operand<T> x, int in, int out, int k, int stride, boolean bias, Init init) {
    return convIn(ConvKind.PLAIN, name, x, in, out, k, stride, bias, init);
  }

  /** As {@link #convIn}, of the given kind. */
  public <T extends TNumber> Operand<T> convIn(
      ConvKind kind, String name, Operand<T> x, int in, int out, int k, int stride, boolean bias, Init init) {
    return convIn(kind, 1, name, x, in, out, k, stride, bias, init);
  }

  /**
   * As {@link #convIn}, of the given kind: a deformable convolution also has its offset
   * convolution, {@code name.conv_offset} (k x k, same stride, with bias, zero at the start as in
   * the authors' code, so training starts from the plain grid); its offsets and sampling are
   * float32 whatever the type of {@code x}, and with bfloat16 convolutions so is all but its
   * final matmul. With {@code groups} > 1 the input and output channels are split into that many
   * groups that only meet within themselves (ResNeXt); the offsets are predicted from all of them.
   */
  public <T extends TNumber> Operand<T> convIn(ConvKind kind, int groups,
      String name, Operand<T> x, int in, int out, int k, int stride, boolean bias, Init init) {
    Operand<TFloat32> w = variables.create(name + ".weight", Shape.of(k, k, in / groups, out), init,
        VariableRole.TRAINABLE);
    Operand<T> y = kind.deformable()
        ? as(deformable(kind, name, as(x, TFloat32.class), w, in, k, stride, groups), x.type())
        : convolve(x, as(w, x.type()), k, stride);
    if (bias) {
      Operand<TFloat32> b = variables.create(name + ".bias", Shape.of(out), Init.constant(0f), VariableRole.TRAINABLE);
      y = tf.nn.biasAdd(y, as(b, x.type()));
    }
    return y;
  }

  /** As {@link #convFrozenBn}, in the type of {@code x} (the folded inference form stays in that type). */
  public <T extends TNumber> Operand<T> convFrozenBnIn(
      String convName, String bnName, Operand<T> x, int in, int out, int k, int stride, float gammaInit) {
    return convFrozenBnIn(ConvKind.PLAIN, 1, convName, bnName, x, in, out, k, stride, gammaInit);
  }

  /**
   * As {@link #convFrozenBnIn}, with a convolution of the given kind and groups (a deformable or
   * grouped one folds like a plain one: the norm scales each output channel).
   */
  public <T extends TNumber> Operand<T> convFrozenBnIn(ConvKind kind, int groups,
      String convName, String bnName, Operand<T> x, int in, int out, int k, int stride, float gammaInit) {
    if (mode == BuildMode.INFERENCE) {
      foldedPairs.add(new ConvBnPair(convName, bnName));
      return convIn(kind, groups, convName, x, in, out, k, stride, true, Init.heNormal());
    }
    Operand<TFloat32> y = as(convIn(kind, groups, convName, x, in, out, k, stride, false, Init.heNormal()),
        TFloat32.class);
    return as(frozenBatchNorm(bnName, y, out, gammaInit), x.type());
  }

  /**
   * Conv followed by frozen BatchNorm (training form) or by nothing but a bias (inference form,
   * BN folded into the conv). Variable names match the checkpoint in both forms.
   */
  public Operand<TFloat32> convFrozenBn(
      String convName, String bnName, Operand<TFloat32> x, int in, int out, int k, int stride, float gammaInit) {
    return convFrozenBnIn(convName, bnName, x, in, out, k, stride, gammaInit);
  }

  /** y = (x - mean) / sqrt(var + eps) * gamma + beta with fixed statistics. */
  Operand<TFloat32> frozenBatchNorm(String name, Operand<TFloat32> x, int channels, float gammaInit) {
    Operand<TFloat32> gamma = variables.create(name + ".weight", Shape.of(channels), Init.constant(gammaInit), VariableRole.TRAINABLE);
    Operand<TFloat32> beta = variables.create(name + ".bias", Shape.of(channels), Init.constant(0f), VariableRole.TRAINABLE);
    Operand<TFloat32> mean = variables.create(name + ".running_mean", Shape.of(channels), Init.constant(0f), VariableRole.STATISTIC);
    Operand<TFloat32> var = variables.create(name + ".running_var", Shape.of(channels), Init.constant(1f), VariableRole.STATISTIC);
    Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(var, tf.constant(NORM_EPSILON))));
    Operand<TFloat32> shift = tf.math.sub(beta, tf.math.mul(mean, scale));
    return tf.nn.biasAdd(tf.math.mul(x, scale), shift);
  }

  /**
   * Group normalisation over channels-last input; statistics per sample and group. With static
   * H, W, C it runs as one fused batch-norm op over a transposed view whose channels are the
   * (sample, group) pairs: on a CPU that costs a fraction of the textbook chain of reductions and
   * element-wise ops (their gradients were a third of a nano training step).
   */
  public Operand<TFloat32> groupNorm(String name, Operand<TFloat32> x, int channels, int groups, float gammaInit) {
    Operand<TFloat32> gamma = variables.create(name + ".weight", Shape.of(channels), Init.constant(gammaInit), VariableRole.TRAINABLE);
    Operand<TFloat32> beta = variables.create(name + ".bias", Shape.of(channels), Init.constant(0f), VariableRole.TRAINABLE);
    Shape s = x.shape();
    boolean staticSize = s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0;
    Operand<TFloat32> normed = s.numDimensions() == 4 && s.size(3) > 0 && (staticSize || mode == BuildMode.INFERENCE)
        ? fusedGroupStandardise(x, channels, groups)
        : groupStandardise(x, channels, groups);
    return tf.math.add(tf.math.mul(normed, gamma), beta);
  }

  /** (x - mean) / sqrt(var + eps) per sample and group, for any shape. */
  private Operand<TFloat32> groupStandardise(Operand<TFloat32> x, int channels, int groups) {
    Operand<TInt32> shape = dynamicShape(x);
    Operand<TInt32> grouped = tf.concat(
        List.of(
            tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {3})),
            tf.constant(new int[] {groups, channels / groups})),
        tf.constant(0));
    Operand<TFloat32> g = tf.reshape(x, grouped);
    Operand<TInt32> axes = tf.constant(new int[] {1, 2, 4});
    Operand<TFloat32> mean = tf.math.mean(g, axes, Mean.keepDims(true));
    Operand<TFloat32> centred = tf.math.sub(g, mean);
    Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), axes, Mean.keepDims(true));
    Operand<TFloat32> normed = tf.math.mul(centred, tf.math.rsqrt(tf.math.add(variance, tf.constant(NORM_EPSILON))));
    return tf.reshape(normed, shape);
  }

  /**
   * The same standardisation as one FusedBatchNorm (training form, so batch statistics): x as
   * [1, H*W, C/G, B*G] has one channel per (sample, group), whose statistics are exactly that
   * group's. The unit scale is sized from the group count times the batch taken from the feature.
   * H and W may be dynamic (keep-ratio inference): the reshapes then take them from the tensor.
   */
  private Operand<TFloat32> fusedGroupStandardise(Operand<TFloat32> x, int channels, int groups) {
    int perGroup = channels / groups;
    Shape s = x.shape();
    boolean fixed = s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0;
    Operand<TInt32> h = fixed ? tf.constant(new int[] {(int) s.size(1)})
        : tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {1}));
    Operand<TInt32> w = fixed ? tf.constant(new int[] {(int) s.size(2)})
        : tf.slice(tf.shape(x), tf.constant(new int[] {2}), tf.constant(new int[] {1}));
    Operand<TFloat32> grouped = tf.reshape(x, shapeOf(tf.constant(new int[] {-1}), h, w,
        tf.constant(new int[] {groups, perGroup})));
    Operand<TFloat32> view = tf.reshape(tf.linalg.transpose(grouped, tf.constant(new int[] {1, 2, 4, 0, 3})),
        shapeOf(tf.constant(new int[] {1}), tf.math.mul(h, w), tf.constant(new int[] {perGroup, -1})));
    // ZerosLike (not OnesLike) because only it has a (no-)gradient registered for graph gradients.
    Operand<TFloat32> zero = tf.zerosLike(tf.reshape(
        tf.slice(view, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {1, 1, 1, -1})),
        tf.constant(new int[] {-1})));
    Operand<TFloat32> none = tf.constant(new float[0]);
    Operand<TFloat32> standardised = tf.nn.fusedBatchNorm(view, tf.math.add(zero, tf.constant(1f)), zero, none, none,
        FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(NORM_EPSILON)).y();
    Operand<TFloat32> back = tf.linalg.transpose(tf.reshape(standardised, shapeOf(h, w,
        tf.constant(new int[] {perGroup, -1, groups}))), tf.constant(new int[] {3, 0, 1, 4, 2}));
    return tf.reshape(back, shapeOf(tf.constant(new int[] {-1}), h, w, tf.constant(new int[] {channels})));
  }

  @SafeVarargs
  private Operand<TInt32> shapeOf(Operand<TInt32>... parts) {
    return tf.concat(List.of(parts), tf.constant(0));
  }

  /** conv (no bias) + GroupNorm + ReLU, named {@code prefix.conv} and {@code prefix.gn}. */
  public Operand<TFloat32> convGnRelu(String prefix, Operand<TFloat32> x, int in, int out, int k, int groups, Init init) {
    return convGnRelu(ConvKind.PLAIN, prefix, x, in, out, k, groups, init);
  }

  /** As {@link #convGnRelu}, with a convolution of the given kind. */
  public Operand<TFloat32> convGnRelu(ConvKind kind, String prefix, Operand<TFloat32> x, int in, int out, int k,
      int groups, Init init) {
    Operand<TFloat32> y = convIn(kind, prefix + ".conv", x, in, out, k, 1, false, init);
    return relu(groupNorm(prefix + ".gn", y, out, groups, 1f));
  }

  public <T extends TNumber> Operand<T> relu(Operand<T> x) {
    return tf.nn.relu(x);
  }

  /** Bilinear resize with half-pixel centres (PyTorch {@code align_corners=False}). */
  public Operand<TFloat32> resize(Operand<TFloat32> x, Operand<TInt32> size) {
    return tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
  }

  /** Resize to a fixed size. */
  public Operand<TFloat32> resize(Operand<TFloat32> x, int height, int width) {
    return resize(x, tf.constant(new int[] {height, width}));
  }

  /**
   * Spatial size [h, w] of an NHWC tensor: a constant when the graph knows it statically (always
   * for this project's fixed input sizes, which keeps shape ops off the gradient path), otherwise
   * computed in the graph.
   */
  public Operand<TInt32> spatialSize(Operand<? extends TNumber> x) {
    Shape s = x.shape();
    if (s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0) {
      return tf.constant(new int[] {(int) s.size(1), (int) s.size(2)});
    }
    return tf.slice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
  }

  /** The shape of x with -1 for the batch; constant when H, W, C are static. */
  private Operand<TInt32> dynamicShape(Operand<TFloat32> x) {
    Shape s = x.shape();
    if (s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0 && s.size(3) > 0) {
      return tf.constant(new int[] {-1, (int) s.size(1), (int) s.size(2), (int) s.size(3)});
    }
    return tf.shape(x);
  }

  /** Max pool with a k x k window and the given stride, VALID padding. */
  public <T extends TNumber> Operand<T> maxPool(Operand<T> x, int k, int stride) {
    return maxPool(tf, x, k, stride);
  }

  /**
   * Max pool as the {@code MaxPool} op, whose window and strides are attributes. TensorFlow Java's
   * {@code tf.nn.maxPool} builds {@code MaxPoolV2} (window and strides as tensors), which oneDNN
   * does not take over: its gradient ran about 10x slower on the CPU, a few percent of a nano
   * training step (BENCHMARKS.md).
   */
  public static <T extends TNumber> Operand<T> maxPool(Ops tf, Operand<T> x, int k, int stride) {
    return tf.scope().opBuilder("MaxPool", "MaxPool")
        .addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, k, k, 1})
        .setAttr("strides", new long[] {1, stride, stride, 1})
        .setAttr("padding", "VALID")
        .build()
        .<T>output(0);
  }

  /**
   * Two channels of normalised coordinates, x then y, each spanning [-1, 1] over the feature, as
   * in the reference CoordConv; shaped like {@code x} with 2 channels.
   */
  public Operand<TFloat32> coordinates(Operand<TFloat32> x) {
    Operand<TFloat32> zeros = tf.zerosLike(tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 1})));
    Shape s = x.shape();
    Operand<TFloat32> xs;
    Operand<TFloat32> ys;
    if (s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0) {
      // Static size: constants, so no shape-derived op (LinSpace has no gradient) is on the gradient path.
      xs = tf.reshape(tf.constant(linspace((int) s.size(2))), tf.constant(new int[] {1, 1, -1, 1}));
      ys = tf.reshape(tf.constant(linspace((int) s.size(1))), tf.constant(new int[] {1, -1, 1, 1}));
    } else {
      Operand<TInt32> shape = tf.shape(x);
      Operand<TInt32> h = tf.reshape(tf.slice(shape, tf.constant(new int[] {1}), tf.constant(new int[] {1})), tf.constant(new int[0]));
      Operand<TInt32> w = tf.reshape(tf.slice(shape, tf.constant(new int[] {2}), tf.constant(new int[] {1})), tf.constant(new int[0]));
      xs = tf.reshape(tf.linSpace(tf.constant(-1f), tf.constant(1f), w), tf.constant(new int[] {1, 1, -1, 1}));
      ys = tf.reshape(tf.linSpace(tf.constant(-1f), tf.constant(1f), h), tf.constant(new int[] {1, -1, 1, 1}));
    }
    return tf.concat(List.of(tf.math.add(zeros, xs), tf.math.add(zeros, ys)), tf.constant(3));
  }

  /** n values evenly spaced from -1 to 1 (just -1 when n is 1), like torch.linspace. */
  static float[] linspace(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = n == 1 ? -1f : (float) (-1.0 + 2.0 * i / (n - 1));
    }
    return v;
  }
}
