package dev.dynsolo.model.config;

import java.util.List;

/**
 * A ResNet backbone: block type, blocks per stage (C2..C5) and the width of the first stage.
 *
 * @param blockType basic (R18/R34) or bottleneck (R50/R101)
 * @param blocksPerStage number of blocks in each of the four stages
 * @param baseWidth channels of the stem and of the first stage before expansion (64 in the paper)
 * @param norm how the backbone normalises
 * @param groupNormGroups groups when {@code norm} is group norm
 * @param stageConvs per stage, the kind of every block's 3x3 convolution (the one that carries the
 *     stride); all plain unless a deformable checkpoint is imported (missing in older bundles)
 */
public record BackboneConfig(
    BlockType blockType, List<Integer> blocksPerStage, int baseWidth, BackboneNorm norm,
    int groupNormGroups, List<ConvKind> stageConvs) {

  /** A backbone of plain convolutions. */
  public BackboneConfig(BlockType blockType, List<Integer> blocksPerStage, int baseWidth, BackboneNorm norm,
      int groupNormGroups) {
    this(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, null);
  }

  public BackboneConfig {
    if (blockType == null) {
      throw new InvalidConfigException("backbone.blockType", null, "must be BASIC or BOTTLENECK");
    }
    if (norm == null) {
      throw new InvalidConfigException("backbone.norm", null, "must be FROZEN_BATCH_NORM or GROUP_NORM");
    }
    Check.notEmpty("backbone.blocksPerStage", blocksPerStage);
    if (blocksPerStage.size() != 4) {
      throw new InvalidConfigException("backbone.blocksPerStage", blocksPerStage, "needs 4 stages");
    }
    for (int blocks : blocksPerStage) {
      Check.positive("backbone.blocksPerStage", blocks);
    }
    blocksPerStage = List.copyOf(blocksPerStage);
    Check.positive("backbone.baseWidth", baseWidth);
    if (norm == BackboneNorm.GROUP_NORM) {
      Check.positive("backbone.groupNormGroups", groupNormGroups);
      Check.divisible("backbone.baseWidth", baseWidth, groupNormGroups);
    }
    stageConvs = stageConvs == null ? List.of(ConvKind.PLAIN, ConvKind.PLAIN, ConvKind.PLAIN, ConvKind.PLAIN)
        : List.copyOf(stageConvs);
    if (stageConvs.size() != 4) {
      throw new InvalidConfigException("backbone.stageConvs", stageConvs, "needs 4 stages");
    }
  }

  /** The same backbone with the given kind of 3x3 convolution per stage. */
  public BackboneConfig withStageConvs(List<ConvKind> kinds) {
    return new BackboneConfig(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, kinds);
  }

  /** Output channels of stage {@code i} (0 = C2 .. 3 = C5). */
  public int stageChannels(int i) {
    return baseWidth * (1 << i) * blockType.expansion();
  }
}
