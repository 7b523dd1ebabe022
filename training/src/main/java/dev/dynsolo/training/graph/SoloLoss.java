package dev.dynsolo.training.graph;

import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.net.SoloOutputs;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The SOLOv2 loss in the graph: sigmoid focal loss (alpha 0.25, gamma 2) over every cell and class,
 * divided by (positives + 1), plus 3 x Dice over the positive cells only, whose kernels and target
 * masks are gathered at the positives. Target masks are covered fractions, so Dice can place an
 * edge inside a mask cell.
 *
 * <p>Optionally (weight > 0, not in the paper) a softmax cross-entropy over the classes at the
 * positive cells, also divided by (positives + 1). The focal loss scores each class on its own and
 * barely pushes a second class down once both sit near 0.3; an instance has exactly one class, and
 * this term says so.
 */
public final class SoloLoss {
  public static final float ALPHA = 0.25f;
  public static final float GAMMA = 2f;
  public static final float DICE_WEIGHT = 3f;

  /** Focal, class cross-entropy and Dice (each already weighted) and their sum. */
  public record Terms(Operand<TFloat32> focal, Operand<TFloat32> classCrossEntropy, Operand<TFloat32> dice,
      Operand<TFloat32> total) {}

  private SoloLoss() {}

  /**
   * Positives are listed for the whole batch, image by image, without padding: padding every image
   * to the batch's most positives (36 slots per image for 20 real ones on the shapes data) made the
   * mask products and the Dice terms nearly twice as large as needed.
   *
   * @param batchSize images per batch, fixed: each image's positives meet its own mask feature
   * @param labels [B, N] per cell: 0 background, c + 1 class c
   * @param positiveCells [P] {@code image * N + cell} of each positive, images in order
   * @param positiveInstances [P] {@code image * M + instance} of each positive (its row of {@code masks})
   * @param positiveCounts [B] positives of each image, so image b's are the next {@code positiveCounts[b]}
   * @param masks [B, M, H/s, W/s] (s the mask stride) instance masks as covered fractions 0..255 (soft Dice targets)
   * @param classCrossEntropyWeight weight of the class cross-entropy at the positives, 0 for none
   */
  public static Terms build(Ops tf, ModelConfig config, int batchSize, SoloOutputs out, Operand<TInt32> labels,
      Operand<TInt32> positiveCells, Operand<TInt32> positiveInstances, Operand<TInt32> positiveCounts,
      Operand<TUint8> masks, float classCrossEntropyWeight) {
    int classes = config.numClasses();
    int e = config.head().kernelDim();
    List<Operand<TFloat32>> logitParts = new ArrayList<>();
    List<Operand<TFloat32>> kernelParts = new ArrayList<>();
    for (int i = 0; i < config.levels().size(); i++) {
      LevelConfig level = config.levels().get(i);
      int cells = level.grid() * level.grid();
      logitParts.add(tf.reshape(out.categoryLogits().get(i), tf.constant(new int[] {-1, cells, classes})));
      kernelParts.add(tf.reshape(out.kernels().get(i), tf.constant(new int[] {-1, cells, e})));
    }
    Operand<TFloat32> logits = concat(tf, logitParts);
    Operand<TFloat32> kernels = concat(tf, kernelParts);

    // Focal loss: one-hot without the background column.
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes + 1), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> target = tf.slice(oneHot, tf.constant(new int[] {0, 0, 1}), tf.constant(new int[] {-1, -1, classes}));
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> p = tf.math.sigmoid(logits);
    // Stable binary cross-entropy with logits: max(x, 0) - x * t + log(1 + exp(-|x|)).
    Operand<TFloat32> ce = tf.math.add(tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, target)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    Operand<TFloat32> pt = tf.math.add(tf.math.mul(p, target), tf.math.mul(tf.math.sub(one, p), tf.math.sub(one, target)));
    Operand<TFloat32> alpha = tf.math.add(tf.math.mul(tf.constant(ALPHA), target),
        tf.math.mul(tf.constant(1 - ALPHA), tf.math.sub(one, target)));
    Operand<TFloat32> modulator = tf.math.square(tf.math.sub(one, pt)); // gamma = 2
    Operand<TFloat32> focalSum = tf.sum(tf.math.mul(tf.math.mul(alpha, modulator), ce), tf.constant(new int[] {0, 1, 2}));
    Operand<TFloat32> positives = tf.sum(tf.dtypes.cast(tf.math.greater(labels, tf.constant(0)), TFloat32.class),
        tf.constant(new int[] {0, 1}));
    Operand<TFloat32> focal = tf.math.div(focalSum, tf.math.add(positives, one));
    Operand<TFloat32> classCrossEntropy = classCrossEntropyWeight > 0
        ? tf.math.mul(tf.constant(classCrossEntropyWeight),
            tf.math.div(positiveCrossEntropy(tf, logits, target), tf.math.add(positives, one)))
        : tf.constant(0f);

    // Dice over positives: each positive's kernel against its own image's mask feature.
    int pixels = config.maskHeight() * config.maskWidth();
    Operand<TFloat32> positiveKernels = tf.gather(tf.reshape(kernels, tf.constant(new int[] {-1, e})), positiveCells,
        tf.constant(0));
    List<Operand<TFloat32>> features = new ArrayList<>(tf.unstack(
        tf.reshape(out.maskFeatures(), tf.constant(new int[] {batchSize, pixels, e})), (long) batchSize).output());
    Operand<TInt32> starts = tf.math.cumsum(positiveCounts, tf.constant(0), Cumsum.exclusive(true));
    List<Operand<TFloat32>> logitsPerImage = new ArrayList<>();
    for (int b = 0; b < batchSize; b++) {
      Operand<TInt32> begin = tf.stack(List.of(tf.gather(starts, tf.constant(b), tf.constant(0)), tf.constant(0)));
      Operand<TInt32> size = tf.stack(List.of(tf.gather(positiveCounts, tf.constant(b), tf.constant(0)), tf.constant(e)));
      logitsPerImage.add(tf.linalg.matMul(tf.slice(positiveKernels, begin, size), features.get(b),
          MatMul.transposeB(true)));
    }
    Operand<TFloat32> predicted = tf.math.sigmoid(
        batchSize == 1 ? logitsPerImage.get(0) : tf.concat(logitsPerImage, tf.constant(0)));
    Operand<TUint8> instanceMasks = tf.reshape(masks, tf.constant(new int[] {-1, pixels}));
    Operand<TFloat32> truth = tf.math.mul(
        tf.dtypes.cast(tf.gather(instanceMasks, positiveInstances, tf.constant(0)), TFloat32.class),
        tf.constant(1f / 255));
    Operand<TInt32> pixelAxis = tf.constant(1);
    Operand<TFloat32> a = tf.sum(tf.math.mul(predicted, truth), pixelAxis, Sum.keepDims(false));
    Operand<TFloat32> b = tf.math.add(tf.sum(tf.math.square(predicted), pixelAxis, Sum.keepDims(false)), tf.constant(1e-3f));
    Operand<TFloat32> c = tf.math.add(tf.sum(tf.math.square(truth), pixelAxis, Sum.keepDims(false)), tf.constant(1e-3f));
    Operand<TFloat32> diceLoss = tf.math.sub(one, tf.math.div(tf.math.mul(tf.constant(2f), a), tf.math.add(b, c)));
    Operand<TFloat32> positiveCount = tf.math.maximum(
        tf.dtypes.cast(tf.sum(positiveCounts, tf.constant(0)), TFloat32.class), one);
    Operand<TFloat32> dice = tf.math.mul(tf.constant(DICE_WEIGHT),
        tf.math.div(tf.sum(diceLoss, tf.constant(0)), positiveCount));
    return new Terms(focal, classCrossEntropy, dice, tf.math.add(tf.math.add(focal, classCrossEntropy), dice));
  }

  /**
   * Softmax cross-entropy of {@code logits} [B, N, C] against one-hot {@code target}, summed over
   * the cells whose target has a class (background cells have an all-zero row and add nothing).
   */
  private static Operand<TFloat32> positiveCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> target) {
    Operand<TInt32> classAxis = tf.constant(2);
    Operand<TFloat32> max = tf.stopGradient(tf.max(logits, classAxis, Max.keepDims(true)));
    Operand<TFloat32> logSumExp = tf.math.add(tf.squeeze(max, Squeeze.axis(List.of(2L))),
        tf.math.log(tf.sum(tf.math.exp(tf.math.sub(logits, max)), classAxis)));
    Operand<TFloat32> isPositive = tf.sum(target, classAxis);
    Operand<TFloat32> trueLogit = tf.sum(tf.math.mul(logits, target), classAxis);
    return tf.sum(tf.math.mul(tf.math.sub(logSumExp, trueLogit), isPositive), tf.constant(new int[] {0, 1}));
  }

  private static Operand<TFloat32> concat(Ops tf, List<Operand<TFloat32>> parts) {
    return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(1));
  }
}
