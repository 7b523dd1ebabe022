package dev.dynsolo.model.bundle;

import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.model.weights.WeightTensor;
import java.util.List;
import java.util.Random;

/** Small models and weights for tests. */
public final class TestModels {
  private TestModels() {}

  /** The nano preset with frozen BatchNorm, so export has something to fold. */
  public static ModelConfig nanoWithBatchNorm(int classes) {
    ModelConfig nano = Presets.get("nano", classes);
    var b = nano.backbone();
    return nano.withBackbone(new dev.dynsolo.model.config.BackboneConfig(
        b.blockType(), b.blocksPerStage(), b.baseWidth(), BackboneNorm.FROZEN_BATCH_NORM, b.groupNormGroups()));
  }

  /** Gives every BatchNorm non-trivial statistics and affine values, so folding is exercised. */
  public static void randomiseBatchNorm(WeightSet weights, long seed) {
    Random random = new Random(seed);
    for (String name : List.copyOf(weights.names())) {
      boolean bn = name.contains(".bn") || name.contains(".downsample.1.");
      if (!bn) {
        continue;
      }
      WeightTensor t = weights.get(name);
      float[] v = new float[t.values().length];
      for (int i = 0; i < v.length; i++) {
        if (name.endsWith("running_var")) {
          v[i] = 0.5f + random.nextFloat();
        } else if (name.endsWith(".weight")) {
          v[i] = 0.5f + random.nextFloat();
        } else {
          v[i] = (random.nextFloat() - 0.5f) * 0.2f;
        }
      }
      weights.put(name, new WeightTensor(t.shape(), v));
    }
  }

  public static List<String> classNames(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "class" + i).toList();
  }

  public static byte[] randomPixels(int count, long seed) {
    byte[] b = new byte[count];
    new Random(seed).nextBytes(b);
    return b;
  }
}
