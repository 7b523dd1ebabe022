package dev.dynsolo.model.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;

/**
 * The shared SOLOv2 head and the unified mask-feature branch.
 *
 * @param convs 3x3 conv + GroupNorm + ReLU layers per branch (4 standard, 2 light)
 * @param channels width of those layers (512 standard, 256 light)
 * @param kernelDim E, the length of each dynamic 1x1 kernel and the mask feature depth
 * @param maskFeatureChannels width of the per-level mask feature convs (128 in the paper)
 * @param groupNormGroups GroupNorm groups in head and mask branch (32 in the paper)
 * @param categoryPrior initial foreground probability of the category branch (0.01)
 * @param maskStride input pixels per mask pixel: 4 as in the paper, or 2, where the mask feature
 *     is brought up once more and joined with the backbone's stride-2 stem, so small shapes get
 *     four times the mask pixels (the nano preset: see BENCHMARKS.md)
 * @param towerConvs the kind of each of the {@code convs} layers, the same in both branches; all
 *     plain unless a deformable checkpoint is imported (the authors' DCN heads deform every layer
 *     or only the last)
 * @param maskFeatureConv the kind of every convolution of the mask-feature branch (plain unless
 *     imported: the authors' R101-DCN deforms them all, its last 1x1 one included)
 */
public record HeadConfig(
    int convs, int channels, int kernelDim, int maskFeatureChannels, int groupNormGroups,
    double categoryPrior, int maskStride, List<ConvKind> towerConvs, ConvKind maskFeatureConv) {

  /** The paper's mask resolution, 1/4 of the input. */
  public static final int PAPER_MASK_STRIDE = 4;

  /** Reads {@code model.json}; bundles written before maskStride existed have the paper's 4. */
  @JsonCreator
  static HeadConfig fromJson(@JsonProperty("convs") int convs, @JsonProperty("channels") int channels,
      @JsonProperty("kernelDim") int kernelDim, @JsonProperty("maskFeatureChannels") int maskFeatureChannels,
      @JsonProperty("groupNormGroups") int groupNormGroups, @JsonProperty("categoryPrior") double categoryPrior,
      @JsonProperty("maskStride") Integer maskStride, @JsonProperty("towerConvs") List<ConvKind> towerConvs,
      @JsonProperty("maskFeatureConv") ConvKind maskFeatureConv) {
    return new HeadConfig(convs, channels, kernelDim, maskFeatureChannels, groupNormGroups, categoryPrior,
        maskStride == null ? PAPER_MASK_STRIDE : maskStride, towerConvs, maskFeatureConv);
  }

  /** A head of plain convolutions. */
  public HeadConfig(int convs, int channels, int kernelDim, int maskFeatureChannels, int groupNormGroups,
      double categoryPrior, int maskStride) {
    this(convs, channels, kernelDim, maskFeatureChannels, groupNormGroups, categoryPrior, maskStride, null, null);
  }

  /** A head with the paper's mask resolution. */
  public HeadConfig(
      int convs, int channels, int kernelDim, int maskFeatureChannels, int groupNormGroups, double categoryPrior) {
    this(convs, channels, kernelDim, maskFeatureChannels, groupNormGroups, categoryPrior, PAPER_MASK_STRIDE);
  }

  /** The same head with masks at 1/{@code newMaskStride} of the input. */
  public HeadConfig withMaskStride(int newMaskStride) {
    return new HeadConfig(convs, channels, kernelDim, maskFeatureChannels, groupNormGroups, categoryPrior,
        newMaskStride, towerConvs, maskFeatureConv);
  }

  /** The same head with the given kind for each tower layer and for the mask-feature branch. */
  public HeadConfig withConvs(List<ConvKind> tower, ConvKind maskFeature) {
    return new HeadConfig(convs, channels, kernelDim, maskFeatureChannels, groupNormGroups, categoryPrior, maskStride,
        tower, maskFeature);
  }

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
    if (maskStride != 2 && maskStride != 4) {
      throw new InvalidConfigException("head.maskStride", maskStride, "must be 2 or 4");
    }
    towerConvs = towerConvs == null ? Collections.nCopies(convs, ConvKind.PLAIN) : List.copyOf(towerConvs);
    maskFeatureConv = maskFeatureConv == null ? ConvKind.PLAIN : maskFeatureConv;
    if (towerConvs.size() != convs) {
      throw new InvalidConfigException("head.towerConvs", towerConvs, "needs one kind per layer (" + convs + ")");
    }
  }
}
