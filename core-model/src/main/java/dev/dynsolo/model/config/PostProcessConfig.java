package dev.dynsolo.model.config;

/**
 * Inference post-processing, all of it inside the graph.
 *
 * @param scoreThreshold category score a cell needs to become a candidate (0.1)
 * @param maskThreshold probability above which a mask pixel is foreground (0.5)
 * @param preNmsTopK candidates kept by category score before masks are computed, and again by
 *     maskness-rescored score before Matrix NMS (500)
 * @param kernel Matrix NMS decay kernel
 * @param sigma gaussian kernel sigma (2.0)
 * @param updateThreshold score after decay an instance needs to be kept (0.05)
 * @param maxDetections padded number of instances returned per image (100)
 */
public record PostProcessConfig(
    float scoreThreshold, float maskThreshold, int preNmsTopK, NmsKernel kernel, float sigma,
    float updateThreshold, int maxDetections) {

  public static final PostProcessConfig REFERENCE =
      new PostProcessConfig(0.1f, 0.5f, 500, NmsKernel.GAUSSIAN, 2.0f, 0.05f, 100);

  public PostProcessConfig {
    Check.inUnitInterval("postProcess.scoreThreshold", scoreThreshold);
    Check.inUnitInterval("postProcess.maskThreshold", maskThreshold);
    Check.inUnitInterval("postProcess.updateThreshold", updateThreshold);
    Check.positive("postProcess.preNmsTopK", preNmsTopK);
    Check.positive("postProcess.maxDetections", maxDetections);
    if (kernel == null) {
      throw new InvalidConfigException("postProcess.kernel", null, "must be GAUSSIAN or LINEAR");
    }
    if (!(sigma > 0)) {
      throw new InvalidConfigException("postProcess.sigma", sigma, "must be > 0");
    }
    if (maxDetections > preNmsTopK) {
      throw new InvalidConfigException(
          "postProcess.maxDetections", maxDetections, "must be <= preNmsTopK " + preNmsTopK);
    }
  }

  /** The same settings with the run-time thresholds replaced (the shape-defining ones stay). */
  public PostProcessConfig withThresholds(
      float newScore, float newMask, NmsKernel newKernel, float newSigma, float newUpdate) {
    return new PostProcessConfig(
        newScore, newMask, preNmsTopK, newKernel, newSigma, newUpdate, maxDetections);
  }
}
