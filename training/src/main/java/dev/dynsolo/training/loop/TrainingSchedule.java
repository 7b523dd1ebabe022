package dev.dynsolo.training.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which image, with which augmentation seed, feeds every position of every step: each epoch is a
 * shuffle seeded by (seed, epoch), so a resumed run sees exactly the samples an uninterrupted run
 * would. Also the learning rate: linear warm-up, then x0.1 at each decay epoch or a straight line
 * down to 1 % at the last step.
 */
public final class TrainingSchedule {
  private final int images;
  private final int batchSize;
  private final int stepsPerEpoch;
  private final int epochs;
  private final long seed;
  private final float baseLearningRate;
  private final int warmupSteps;
  private final float warmupRatio;
  private final List<Integer> decayEpochs;
  private final LearningRateDecay decay;

  /** An image and the seed of its augmentation. */
  public record SampleRef(int imageIndex, long seed) {}

  public TrainingSchedule(int images, int batchSize, int epochs, long seed, float baseLearningRate, int warmupSteps,
      float warmupRatio, List<Integer> decayEpochs, LearningRateDecay decay) {
    if (images < batchSize) {
      throw new IllegalArgumentException("the dataset has " + images + " images, fewer than one batch of " + batchSize);
    }
    this.images = images;
    this.batchSize = batchSize;
    this.stepsPerEpoch = images / batchSize;
    this.epochs = epochs;
    this.seed = seed;
    this.baseLearningRate = baseLearningRate;
    this.warmupSteps = warmupSteps;
    this.warmupRatio = warmupRatio;
    this.decayEpochs = List.copyOf(decayEpochs);
    this.decay = decay;
  }

  public int batchSize() {
    return batchSize;
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  public long totalSteps() {
    return (long) stepsPerEpoch * epochs;
  }

  public int epochOf(long step) {
    return (int) (step / stepsPerEpoch);
  }

  /** The sample at a global position (step * batch + slot). */
  public SampleRef sampleAt(long position) {
    int epoch = (int) (position / ((long) stepsPerEpoch * batchSize));
    int within = (int) (position % ((long) stepsPerEpoch * batchSize));
    List<Integer> order = order(epoch);
    return new SampleRef(order.get(within), mix(seed, position));
  }

  private List<Integer> cachedOrder;
  private int cachedEpoch = -1;

  private synchronized List<Integer> order(int epoch) {
    if (epoch != cachedEpoch) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(mix(seed, -1 - epoch)));
      cachedOrder = order;
      cachedEpoch = epoch;
    }
    return cachedOrder;
  }

  /**
   * A well-spread seed for {@code (seed, index)}. {@code java.util.Random}'s first draw barely
   * moves between consecutive seeds, so seeding it with {@code seed + index} gave every sample of
   * an epoch nearly the same random scale; the SplitMix64 finaliser decorrelates neighbours.
   */
  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Learning rate at a step. */
  public float learningRate(long step) {
    float rate = baseLearningRate;
    if (decay == LearningRateDecay.LINEAR) {
      long span = Math.max(1, totalSteps() - warmupSteps);
      rate *= Math.max(0.01f, 1f - (float) Math.max(0, step - warmupSteps) / span);
    } else {
      int epoch = epochOf(step);
      for (int decayEpoch : decayEpochs) {
        if (epoch >= decayEpoch) {
          rate *= 0.1f;
        }
      }
    }
    if (step < warmupSteps) {
      float k = (float) step / warmupSteps;
      rate *= warmupRatio + (1 - warmupRatio) * k;
    }
    return rate;
  }
}
