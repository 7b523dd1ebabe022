package dev.dynsolo.model.net;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * A deformable k x k convolution (DCN; with a modulation, DCNv2) on NHWC float32 input, written on
 * plain ops: every output position reads its k*k taps at the regular grid shifted by predicted
 * offsets, bilinearly, with zeros outside the input; the samples (times the modulation) form
 * columns that one matmul (one per group, batched, for a ResNeXt) turns into the output. The
 * arithmetic follows the authors' kernels (mmdetection's {@code deform_conv_cuda_kernel.cu}): a
 * tap at (y, x) = (oy * stride - pad + i + dy, ox * stride - pad + j + dx) is zero unless
 * -1 < y < H and -1 < x < W; corners outside the input count as zero; the offsets of tap
 * t = i * k + j are channels 2t (dy) and 2t + 1 (dx). The modulation multiplies the four bilinear
 * weights rather than their sum (the same value, rounded differently).
 */
final class DeformableConvolution {
  /** At most this many chunks of output positions, made one after the other. */
  private static final int MAX_CHUNKS = 8;
  /** Samples (floats, four corners) per image above which another chunk is made: 64 MB. */
  private static final long SAMPLES_PER_CHUNK = 16L << 20;

  private DeformableConvolution() {}

  /**
   * @param x input [N, H, W, C] (H, W may be dynamic)
   * @param offsets [N, Ho, Wo, 2 * k * k], in input pixels
   * @param modulation [N, Ho, Wo, k * k] in (0, 1), or null for plain DCN
   * @param weights HWIO [k, k, C / groups, Cout]
   * @param groups groups of input and output channels that only meet within their group (ResNeXt)
   * @param bf16Product whether the columns meet the weights in a bfloat16 matmul (float32 accumulation);
   *     the sampling is float32 either way
   * @return [N, Ho, Wo, Cout]
   */
  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> offsets, Operand<TFloat32> modulation,
      Operand<TFloat32> weights, int k, int stride, int groups, boolean bf16Product) {
    int taps = k * k;
    int channels = (int) weights.shape().size(2) * groups;
    int outChannels = (int) weights.shape().size(3);
    Operand<TInt32> inShape = tf.shape(x);
    Operand<TInt32> n = element(tf, inShape, 0);
    Operand<TInt32> h = element(tf, inShape, 1);
    Operand<TInt32> w = element(tf, inShape, 2);
    Operand<TInt32> outShape = tf.shape(offsets);
    Operand<TInt32> ho = element(tf, outShape, 1);
    Operand<TInt32> wo = element(tf, outShape, 2);

    float[] tapRows = new float[taps];
    float[] tapCols = new float[taps];
    for (int t = 0; t < taps; t++) {
      tapRows[t] = t / k;
      tapCols[t] = t % k;
    }
    int pad = k / 2;
    // Grid positions are small integers, exact in float32, so y = grid + dy rounds once, as in the reference.
    Operand<TFloat32> gridY = tf.math.add(
        tf.reshape(gridLine(tf, ho, stride, pad), tf.constant(new int[] {1, -1, 1, 1})),
        tf.reshape(tf.constant(tapRows), tf.constant(new int[] {1, 1, 1, taps})));
    Operand<TFloat32> gridX = tf.math.add(
        tf.reshape(gridLine(tf, wo, stride, pad), tf.constant(new int[] {1, 1, -1, 1})),
        tf.reshape(tf.constant(tapCols), tf.constant(new int[] {1, 1, 1, taps})));
    Unstack<TFloat32> pairs = tf.unstack(
        tf.reshape(offsets, tf.concat(List.of(tf.reshape(n, tf.constant(new int[] {1})),
            tf.reshape(ho, tf.constant(new int[] {1})), tf.reshape(wo, tf.constant(new int[] {1})),
            tf.constant(new int[] {taps, 2})), tf.constant(0))),
        2L, Unstack.axis(4L));
    Operand<TFloat32> y = tf.math.add(gridY, pairs.output().get(0));
    Operand<TFloat32> xs = tf.math.add(gridX, pairs.output().get(1));

    Operand<TFloat32> floorY = tf.stopGradient(tf.math.floor(y));
    Operand<TFloat32> floorX = tf.stopGradient(tf.math.floor(xs));
    Operand<TFloat32> ly = tf.math.sub(y, floorY);
    Operand<TFloat32> lx = tf.math.sub(xs, floorX);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> hy = tf.math.sub(one, ly);
    Operand<TFloat32> hx = tf.math.sub(one, lx);
    Operand<TFloat32> inside = tf.stopGradient(tf.dtypes.cast(tf.math.logicalAnd(
        tf.math.logicalAnd(tf.math.greater(y, tf.constant(-1f)), tf.math.less(y, tf.dtypes.cast(h, TFloat32.class))),
        tf.math.logicalAnd(tf.math.greater(xs, tf.constant(-1f)), tf.math.less(xs, tf.dtypes.cast(w, TFloat32.class)))),
        TFloat32.class));

    // Rows and columns in the input padded by one zero pixel on every side; a sample outside the
    // input is zeroed by `inside`, so clamping its corners only keeps the gather in range.
    Operand<TInt32> row0 = clampedCorner(tf, floorY, h);
    Operand<TInt32> col0 = clampedCorner(tf, floorX, w);
    Operand<TInt32> oneI = tf.constant(1);
    Operand<TInt32> row1 = tf.math.add(row0, oneI);
    Operand<TInt32> col1 = tf.math.add(col0, oneI);
    Operand<TInt32> paddedW = tf.math.add(w, tf.constant(2));
    Operand<TInt32> imageBase = tf.reshape(
        tf.math.mul(tf.range(tf.constant(0), n, oneI), tf.math.mul(tf.math.add(h, tf.constant(2)), paddedW)),
        tf.constant(new int[] {-1, 1, 1, 1}));
    Operand<TFloat32> padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f));
    Operand<TFloat32> pixels = tf.reshape(padded, tf.constant(new int[] {-1, channels}));

    // Per output position and tap: four corner indices and weights (small); the modulation and
    // `inside` are folded into the weights. The samples themselves (taps * C per position, four
    // times over) are made and consumed chunk by chunk, one chunk after the other, so a large
    // feature (the mask branch at 1/4 scale) never holds them all at once.
    Operand<TFloat32> scale = modulation == null ? inside : tf.math.mul(inside, modulation);
    List<Operand<TInt32>> indices = List.of(
        flatIndex(tf, imageBase, row0, col0, paddedW), flatIndex(tf, imageBase, row0, col1, paddedW),
        flatIndex(tf, imageBase, row1, col0, paddedW), flatIndex(tf, imageBase, row1, col1, paddedW));
    List<Operand<TFloat32>> cornerWeights = List.of(tf.math.mul(tf.math.mul(hy, hx), scale),
        tf.math.mul(tf.math.mul(hy, lx), scale), tf.math.mul(tf.math.mul(ly, hx), scale),
        tf.math.mul(tf.math.mul(ly, lx), scale));
    Operand<TFloat32> float32Matrix = groupedMatrix(tf, weights, taps, channels, groups, outChannels);
    // Cast once per layer, not per chunk.
    Operand<? extends TNumber> matrix = bf16Product ? cast(tf, float32Matrix, TBfloat16.class) : float32Matrix;
    Operand<TInt32> positions = tf.math.mul(tf.math.mul(n, ho), wo);
    int chunks = chunkCount(offsets, taps * channels);
    Operand<TInt32> sizes = chunkSizes(tf, positions, chunks);
    List<List<Operand<TInt32>>> indexChunks = new ArrayList<>();
    List<List<Operand<TFloat32>>> weightChunks = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      indexChunks.add(split(tf, tf.reshape(indices.get(c), tf.constant(new int[] {-1, taps})), sizes, chunks));
      weightChunks.add(split(tf, tf.reshape(cornerWeights.get(c), tf.constant(new int[] {-1, taps, 1})), sizes,
          chunks));
    }
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    Ops scope = tf;
    for (int i = 0; i < chunks; i++) {
      Operand<TFloat32> value = null;
      for (int c = 0; c < 4; c++) {
        Operand<TFloat32> part = scope.math.mul(weightChunks.get(c).get(i),
            scope.gather(pixels, indexChunks.get(c).get(i), scope.constant(0)));
        value = value == null ? part : scope.math.add(value, part);
      }
      Operand<TFloat32> out = multiply(scope, value, matrix, taps, channels, groups, outChannels);
      outputs.add(out);
      scope = tf.withControlDependencies(List.of(out));
    }
    Operand<TFloat32> out = chunks == 1 ? outputs.get(0) : tf.concat(outputs, tf.constant(0));
    return tf.reshape(out, tf.concat(List.of(tf.reshape(n, tf.constant(new int[] {1})),
        tf.reshape(ho, tf.constant(new int[] {1})), tf.reshape(wo, tf.constant(new int[] {1})),
        tf.constant(new int[] {outChannels})), tf.constant(0)));
  }

  /** The weights as one [taps * C, Cout] matrix, or with groups as [G, taps * C / G, Cout / G]. */
  private static Operand<TFloat32> groupedMatrix(Ops tf, Operand<TFloat32> weights, int taps, int channels, int groups,
      int outChannels) {
    if (groups == 1) {
      return tf.reshape(weights, tf.constant(new int[] {taps * channels, outChannels}));
    }
    Operand<TFloat32> split = tf.reshape(weights, tf.constant(new int[] {taps, channels / groups, groups,
        outChannels / groups}));
    return tf.reshape(tf.linalg.transpose(split, tf.constant(new int[] {2, 0, 1, 3})),
        tf.constant(new int[] {groups, taps * channels / groups, outChannels / groups}));
  }

  /**
   * Samples [positions, taps, C] times the weights, in the weights' type (bfloat16 products
   * accumulate in float32): one matmul, or with groups one batched matmul over the groups (each
   * group's taps and channels against its own outputs); [positions, Cout] in float32.
   */
  private static <T extends TNumber> Operand<TFloat32> multiply(Ops tf, Operand<TFloat32> samples, Operand<T> matrix,
      int taps, int channels, int groups, int outChannels) {
    Operand<TFloat32> columns = groups == 1
        ? tf.reshape(samples, tf.constant(new int[] {-1, taps * channels}))
        : tf.reshape(tf.linalg.transpose(
            tf.reshape(samples, tf.constant(new int[] {-1, taps, groups, channels / groups})),
            tf.constant(new int[] {2, 0, 1, 3})), tf.constant(new int[] {groups, -1, taps * channels / groups}));
    Operand<T> left = cast(tf, columns, matrix.type());
    Operand<TFloat32> out = cast(tf, groups == 1 ? tf.linalg.matMul(left, matrix)
        : tf.train.batchMatMul(left, matrix, matrix.type()), TFloat32.class);
    return groups == 1 ? out : tf.reshape(tf.linalg.transpose(out, tf.constant(new int[] {1, 0, 2})),
        tf.constant(new int[] {-1, outChannels}));
  }

  /** {@code x} as {@code type}, without an op when it is that type already. */
  @SuppressWarnings("unchecked")
  private static <T extends TNumber> Operand<T> cast(Ops tf, Operand<? extends TNumber> x, Class<T> type) {
    return x.type() == type ? (Operand<T>) x : tf.dtypes.cast(x, type);
  }

  /**
   * One chunk per 64 MB of samples per image where the output's size is static (the head's S x S
   * grids: one), else as many as allowed (a keep-ratio graph's backbone and mask branch, whose size
   * comes with the frame): many small chunks cost more than the one whole layer.
   */
  private static int chunkCount(Operand<TFloat32> offsets, int columnWidth) {
    Shape shape = offsets.shape();
    if (shape.numDimensions() != 4 || shape.size(1) <= 0 || shape.size(2) <= 0) {
      return MAX_CHUNKS;
    }
    long samples = 4L * shape.size(1) * shape.size(2) * columnWidth;
    return (int) Math.max(1, Math.min(MAX_CHUNKS, (samples + SAMPLES_PER_CHUNK - 1) / SAMPLES_PER_CHUNK));
  }

  /** Sizes of {@code chunks} consecutive parts of {@code total} rows: ceil(total / chunks) each, the rest last. */
  private static Operand<TInt32> chunkSizes(Ops tf, Operand<TInt32> total, int chunks) {
    Operand<TInt32> each = tf.math.floorDiv(tf.math.add(total, tf.constant(chunks - 1)), tf.constant(chunks));
    int[] starts = new int[chunks];
    for (int i = 0; i < chunks; i++) {
      starts[i] = i;
    }
    Operand<TInt32> remaining = tf.math.sub(total, tf.math.mul(tf.constant(starts), each));
    return tf.math.minimum(tf.math.maximum(remaining, tf.constant(0)), each);
  }

  private static <T extends TType> List<Operand<T>> split(Ops tf, Operand<T> value,
      Operand<TInt32> sizes, int chunks) {
    if (chunks == 1) {
      return List.of(value);
    }
    return new ArrayList<Operand<T>>(tf.splitV(value, sizes, tf.constant(0), (long) chunks).output());
  }

  /** i * stride - pad for i in [0, size), as float32. */
  private static Operand<TFloat32> gridLine(Ops tf, Operand<TInt32> size, int stride, int pad) {
    Operand<TInt32> line = tf.math.sub(tf.math.mul(tf.range(tf.constant(0), size, tf.constant(1)),
        tf.constant(stride)), tf.constant(pad));
    return tf.dtypes.cast(line, TFloat32.class);
  }

  /** The padded-input index of floor(coordinate), clamped to [0, size] so its neighbour is at most size + 1. */
  private static Operand<TInt32> clampedCorner(Ops tf, Operand<TFloat32> floor, Operand<TInt32> size) {
    Operand<TInt32> index = tf.math.add(tf.dtypes.cast(floor, TInt32.class), tf.constant(1));
    return tf.math.minimum(tf.math.maximum(index, tf.constant(0)), size);
  }

  /** The row of {@code pixels} (the padded input, one row per pixel) at (row, col) of each image. */
  private static Operand<TInt32> flatIndex(Ops tf, Operand<TInt32> imageBase, Operand<TInt32> row,
      Operand<TInt32> col, Operand<TInt32> paddedW) {
    return tf.math.add(tf.math.add(imageBase, tf.math.mul(row, paddedW)), col);
  }

  private static Operand<TInt32> element(Ops tf, Operand<TInt32> shape, int i) {
    return tf.reshape(tf.slice(shape, tf.constant(new int[] {i}), tf.constant(new int[] {1})), tf.constant(new int[0]));
  }
}
