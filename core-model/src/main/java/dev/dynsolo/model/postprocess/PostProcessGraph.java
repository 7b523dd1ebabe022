package dev.dynsolo.model.postprocess;

import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.net.SoloOutputs;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * SOLOv2 inference post-processing as graph ops, batched: points NMS, score threshold, top-k
 * candidates, dynamic 1x1 convolution, mask threshold, small-mask filter by stride, maskness
 * rescoring, sort, Matrix NMS, update threshold and top-k out, padded per the model contract.
 *
 * <p>Work after the first top-k is sliced to the largest number of live candidates in the batch,
 * so mask and Matrix NMS cost follow what the image contains rather than the padded maximum.
 */
public final class PostProcessGraph {
  private final Ops tf;
  private final ModelConfig config;

  public PostProcessGraph(Ops tf, ModelConfig config) {
    this.tf = tf;
    this.config = config;
  }

  public Detections build(SoloOutputs outputs, RuntimeThresholds thresholds) {
    int classes = config.numClasses();
    int kernelDim = config.head().kernelDim();
    List<Operand<TFloat32>> scoreParts = new ArrayList<>();
    List<Operand<TFloat32>> kernelParts = new ArrayList<>();
    List<Float> cellStrides = new ArrayList<>();
    // The filter's areas are in 1/4-scale pixels; a finer mask has (4 / stride)^2 pixels for each.
    float pixelsPerQuarterPixel = (float) Math.pow(4.0 / config.head().maskStride(), 2);
    for (int i = 0; i < config.levels().size(); i++) {
      LevelConfig level = config.levels().get(i);
      int cells = level.grid() * level.grid();
      Operand<TFloat32> probabilities = PointsNms.apply(tf, tf.math.sigmoid(outputs.categoryLogits().get(i)));
      scoreParts.add(tf.reshape(probabilities, tf.constant(new int[] {-1, cells * classes})));
      kernelParts.add(tf.reshape(outputs.kernels().get(i), tf.constant(new int[] {-1, cells, kernelDim})));
      for (int c = 0; c < cells; c++) {
        cellStrides.add(level.stride() * pixelsPerQuarterPixel);
      }
    }
    Operand<TFloat32> scores = concatLevels(scoreParts);
    Operand<TFloat32> kernels = concatLevels(kernelParts);
    Operand<TInt32> maskSize = maskSize(outputs.maskFeatures());
    Operand<TFloat32> features = tf.reshape(outputs.maskFeatures(), tf.concat(List.of(tf.constant(new int[] {-1}),
        tf.prod(maskSize, tf.constant(0), org.tensorflow.op.core.Prod.keepDims(true)), tf.constant(new int[] {kernelDim})),
        tf.constant(0)));

    // Candidates: cells above the score threshold, best first, at most preNmsTopK.
    Operand<TFloat32> aboveScore = tf.math.mul(scores, asFloat(tf.math.greater(scores, thresholds.score())));
    int firstK = Math.min(config.postProcess().preNmsTopK(), config.totalCells() * classes);
    var top = topK(aboveScore, tf.constant(firstK));
    Operand<TInt32> live = liveCount(top.values(), thresholds.score());
    Operand<TFloat32> candidateScores = firstColumns(top.values(), live);
    Operand<TInt32> candidateIndex = firstColumns(top.indices(), live);
    Operand<TInt32> cell = tf.math.floorDiv(candidateIndex, tf.constant(classes));
    Operand<TInt32> candidateClass = tf.math.floorMod(candidateIndex, tf.constant(classes));
    Operand<TFloat32> valid = asFloat(tf.math.greater(candidateScores, thresholds.score()));

    // Dynamic convolution: each candidate's kernel against the mask feature.
    Operand<TFloat32> candidateKernels = batchGather(kernels, cell);
    Operand<TFloat32> logits = tf.train.batchMatMul(candidateKernels, features, TFloat32.class, BatchMatMul.adjY(true));
    Operand<TFloat32> probability = tf.math.sigmoid(logits);
    Operand<TFloat32> binary = asFloat(tf.math.greater(probability, thresholds.mask()));
    Operand<TFloat32> area = tf.sum(binary, tf.constant(2), Sum.keepDims(false));
    float[] strideArray = new float[cellStrides.size()];
    for (int i = 0; i < strideArray.length; i++) {
      strideArray[i] = cellStrides.get(i);
    }
    Operand<TFloat32> stride = tf.gather(tf.constant(strideArray), cell, tf.constant(0));
    Operand<TFloat32> keep = tf.math.mul(valid, asFloat(tf.math.greater(area, stride)));
    Operand<TFloat32> maskness = tf.math.divNoNan(
        tf.sum(tf.math.mul(probability, binary), tf.constant(2), Sum.keepDims(false)), area);
    Operand<TFloat32> rescored = tf.math.mul(tf.math.mul(candidateScores, maskness), keep);

    // Sort by the rescored value and drop what the filters removed.
    var sorted = topK(rescored, tf.reshape(live, tf.constant(new int[0])));
    Operand<TInt32> kept = liveCount(sorted.values(), tf.constant(0f));
    Operand<TFloat32> sortedScores = firstColumns(sorted.values(), kept);
    Operand<TInt32> order = firstColumns(sorted.indices(), kept);
    Operand<TFloat32> sortedBinary = batchGather(binary, order);
    Operand<TFloat32> sortedProbability = batchGather(probability, order);
    Operand<TFloat32> sortedArea = batchGather(area, order);
    Operand<TInt32> sortedClass = batchGather(candidateClass, order);

    Operand<TFloat32> decay = MatrixNms.decay(tf, sortedBinary, sortedArea, sortedClass, thresholds.sigma(),
        thresholds.linearKernel());
    Operand<TFloat32> decayed = tf.math.mul(sortedScores, decay);
    Operand<TFloat32> survives = tf.math.mul(asFloat(tf.math.greaterEqual(decayed, thresholds.update())),
        asFloat(tf.math.greater(sortedScores, tf.constant(0f))));
    Operand<TFloat32> finalScores = tf.math.mul(decayed, survives);

    return topOut(finalScores, sortedClass, sortedProbability, kept, maskSize);
  }

  private Detections topOut(Operand<TFloat32> finalScores, Operand<TInt32> classes, Operand<TFloat32> probability,
      Operand<TInt32> available, Operand<TInt32> maskSize) {
    int maxDetections = config.postProcess().maxDetections();
    Operand<TInt32> k = tf.math.minimum(tf.reshape(available, tf.constant(new int[0])), tf.constant(maxDetections));
    var best = topK(finalScores, k);
    Operand<TFloat32> scores = best.values();
    Operand<TFloat32> isReal = asFloat(tf.math.greater(scores, tf.constant(0f)));
    Operand<TInt32> outClasses = tf.select(tf.math.greater(scores, tf.constant(0f)),
        batchGather(classes, best.indices()), tf.fill(tf.shape(best.indices()), tf.constant(-1)));
    Operand<TFloat32> masks = tf.math.mul(batchGather(probability, best.indices()),
        tf.expandDims(isReal, tf.constant(2)));

    Operand<TInt32> missing = tf.math.sub(tf.constant(maxDetections), k);
    Operand<TInt32> rowPad = tf.stack(List.of(tf.constant(0), missing));
    Operand<TInt32> pad2 = tf.stack(List.of(tf.constant(new int[] {0, 0}), rowPad));
    Operand<TInt32> pad3 = tf.stack(List.of(tf.constant(new int[] {0, 0}), rowPad, tf.constant(new int[] {0, 0})));
    Operand<TFloat32> paddedScores = tf.reshape(tf.pad(scores, pad2, tf.constant(0f)),
        tf.constant(new int[] {-1, maxDetections}));
    Operand<TInt32> paddedClasses = tf.reshape(tf.pad(outClasses, pad2, tf.constant(-1)),
        tf.constant(new int[] {-1, maxDetections}));
    Operand<TFloat32> paddedMasks = tf.reshape(tf.pad(masks, pad3, tf.constant(0f)),
        tf.concat(List.of(tf.constant(new int[] {-1, maxDetections}), maskSize), tf.constant(0)));
    Operand<TInt32> count = tf.sum(tf.dtypes.cast(tf.math.greater(paddedScores, tf.constant(0f)), TInt32.class),
        tf.constant(1), Sum.keepDims(false));
    return new Detections(paddedScores, paddedClasses, paddedMasks, count);
  }

  /**
   * [h, w] of the mask feature: constants for a fixed input, from the tensor for keep-ratio
   * inputs, whose size changes with the frame.
   */
  private Operand<TInt32> maskSize(Operand<TFloat32> maskFeatures) {
    org.tensorflow.ndarray.Shape s = maskFeatures.shape();
    if (s.numDimensions() == 4 && s.size(1) > 0 && s.size(2) > 0) {
      return tf.constant(new int[] {(int) s.size(1), (int) s.size(2)});
    }
    return tf.slice(tf.shape(maskFeatures), tf.constant(new int[] {1}), tf.constant(new int[] {2}));
  }

  /** Concatenates per-level parts along axis 1; a single-level model has just one part. */
  private Operand<TFloat32> concatLevels(List<Operand<TFloat32>> parts) {
    return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(1));
  }

  private TopK<TFloat32, TInt32> topK(Operand<TFloat32> x, Operand<TInt32> k) {
    return tf.nn.topK(x, k, new TopK.Options[] {TopK.sorted(true)});
  }

  /** Largest number of entries above {@code threshold} in any row, at least 1, as a [1] vector. */
  private Operand<TInt32> liveCount(Operand<TFloat32> sortedValues, Operand<TFloat32> threshold) {
    Operand<TInt32> perRow = tf.sum(tf.dtypes.cast(tf.math.greater(sortedValues, threshold), TInt32.class),
        tf.constant(1), Sum.keepDims(false));
    Operand<TInt32> most = tf.max(perRow, tf.constant(0), Max.keepDims(true));
    return tf.math.maximum(most, tf.constant(new int[] {1}));
  }

  /** x[:, :n, ...] for a [1]-shaped n. */
  private <T extends TType> Operand<T> firstColumns(Operand<T> x, Operand<TInt32> n) {
    int rank = x.shape().numDimensions();
    int[] begin = new int[rank];
    Operand<TInt32> size = tf.concat(List.of(tf.constant(new int[] {-1}), n,
        tf.constant(minusOnes(rank - 2))), tf.constant(0));
    return tf.slice(x, tf.constant(begin), size);
  }

  private static int[] minusOnes(int n) {
    int[] out = new int[n];
    java.util.Arrays.fill(out, -1);
    return out;
  }

  private <T extends TType> Operand<T> batchGather(Operand<T> params, Operand<TInt32> indices) {
    return tf.gather(params, indices, tf.constant(1), Gather.batchDims(1L));
  }

  private Operand<TFloat32> asFloat(Operand<org.tensorflow.types.TBool> condition) {
    return tf.dtypes.cast(condition, TFloat32.class);
  }
}
