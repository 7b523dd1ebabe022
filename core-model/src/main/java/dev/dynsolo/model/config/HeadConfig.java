package dev.dynsolo.model.config;

/**
 * The shared SOLOv2 head and the unified mask-feature branch.
 *
 * @param convs 3x3 conv + GroupNorm + ReLU layers per branch (4 standard, 2 light)
 * @param channels width of those layers (512 standard, 256 light)
 * @param kernelDim E, the length of each dynamic 1x1 kernel and the mask feature depth
 * @param maskFeatureChannels width of the per-level mask feature convs (128 in the paper)
 * @param groupNormGroups GroupNorm groups in head and mask branch (32 in the paper)
 * @param categoryPrior initial foreground probability of the category branch (0.01)
 */
public record HeadConfig(
    int convs, int channels, int kernelDim, int maskFeatureChannels, int groupNormGroups,
    double categoryPrior) {

  public HeadConfig {
    Check.positive("head.convs", convs);
    Check.positive("head.channels", channels);
    Check.positive("head.kernelDim", kernelDim);
    Check.positive("head.maskFeatureChannels", maskFeatureChannels);
    Check.positive("head.groupNormGroups", groupNormGroups);
    Check.divisible("head.channels", channels, groupNormGroups);
    Check.divisible("head.kernelDim", kernelDim, groupNormGroups);
    Check.divisible("head.maskFeatureChannels", maskFeatureChannels, groupNormGroups);
    if (!(categoryPrior > 0 && categoryPrior < 1)) {
      throw new InvalidConfigException("head.categoryPrior", categoryPrior, "must be in (0, 1)");
    }
  }
}
