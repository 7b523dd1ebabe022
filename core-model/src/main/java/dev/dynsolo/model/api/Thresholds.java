package dev.dynsolo.model.api;

import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.PostProcessConfig;

/**
 * The post-processing settings that may change at run time without rebuilding the model.
 *
 * @param score category score threshold
 * @param mask mask probability threshold
 * @param update Matrix NMS update threshold (the final score cut)
 * @param kernel Matrix NMS kernel
 * @param sigma gaussian sigma
 */
public record Thresholds(float score, float mask, float update, NmsKernel kernel, float sigma) {

  public Thresholds {
    // Reuse the config record's validation, which names the bad setting.
    new PostProcessConfig(score, mask, 1, kernel, sigma, update, 1);
  }

  public static Thresholds of(PostProcessConfig config) {
    return new Thresholds(config.scoreThreshold(), config.maskThreshold(), config.updateThreshold(),
        config.kernel(), config.sigma());
  }
}
