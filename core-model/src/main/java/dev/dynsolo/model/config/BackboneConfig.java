package dev.dynsolo.model.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A ResNet backbone: block type, blocks per stage (C2..C5) and the width of the first stage; or a
 * ResNeXt one, whose bottlenecks' 3x3 convolutions are grouped.
 *
 * @param blockType basic (R18/R34) or bottleneck (R50/R101)
 * @param blocksPerStage number of blocks in each of the four stages
 * @param baseWidth channels of the stem and of the first stage before expansion (64 in the paper)
 * @param norm how the backbone normalises
 * @param groupNormGroups groups when {@code norm} is group norm
 * @param stageConvs per stage, the kind of every block's 3x3 convolution (the one that carries the
 *     stride); all plain unless a deformable checkpoint is imported (missing in older bundles)
 * @param cardinality groups of a bottleneck's 3x3 convolution: 1 for ResNet, 64 for the authors'
 *     ResNeXt-101 64x4d (0 in older bundles: 1)
 * @param groupWidth with {@code cardinality} > 1, each group's channels in the first stage (4 for
 *     64x4d); a stage's 3x3 width is floor(planes * groupWidth / baseWidth) * cardinality, as in
 *     mmdetection's ResNeXt
 */
public record BackboneConfig(
    BlockType blockType, List<Integer> blocksPerStage, int baseWidth, BackboneNorm norm,
    int groupNormGroups, List<ConvKind> stageConvs, int cardinality, int groupWidth) {

  /** Reads {@code model.json}; bundles written before ResNeXt or DCN existed have neither. */
  @JsonCreator
  static BackboneConfig fromJson(@JsonProperty("blockType") BlockType blockType,
      @JsonProperty("blocksPerStage") List<Integer> blocksPerStage, @JsonProperty("baseWidth") int baseWidth,
      @JsonProperty("norm") BackboneNorm norm, @JsonProperty("groupNormGroups") int groupNormGroups,
      @JsonProperty("stageConvs") List<ConvKind> stageConvs, @JsonProperty("cardinality") Integer cardinality,
      @JsonProperty("groupWidth") Integer groupWidth) {
    return new BackboneConfig(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, stageConvs,
        cardinality == null ? 1 : cardinality, groupWidth == null ? 0 : groupWidth);
  }

  /** A ResNet backbone of plain convolutions. */
  public BackboneConfig(BlockType blockType, List<Integer> blocksPerStage, int baseWidth, BackboneNorm norm,
      int groupNormGroups) {
    this(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, null);
  }

  /** A ResNet backbone with the given kind of 3x3 convolution per stage. */
  public BackboneConfig(BlockType blockType, List<Integer> blocksPerStage, int baseWidth, BackboneNorm norm,
      int groupNormGroups, List<ConvKind> stageConvs) {
    this(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, stageConvs, 1, 0);
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
    cardinality = cardinality <= 0 ? 1 : cardinality;
    if (cardinality > 1) {
      if (blockType != BlockType.BOTTLENECK) {
        throw new InvalidConfigException("backbone.cardinality", cardinality, "needs bottleneck blocks (ResNeXt)");
      }
      Check.positive("backbone.groupWidth", groupWidth);
    } else {
      groupWidth = 0;
    }
  }

  /** The same backbone with the given kind of 3x3 convolution per stage. */
  public BackboneConfig withStageConvs(List<ConvKind> kinds) {
    return new BackboneConfig(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, kinds, cardinality,
        groupWidth);
  }

  /** The same backbone as a ResNeXt of the given cardinality and group width. */
  public BackboneConfig withGroups(int newCardinality, int newGroupWidth) {
    return new BackboneConfig(blockType, blocksPerStage, baseWidth, norm, groupNormGroups, stageConvs, newCardinality,
        newGroupWidth);
  }

  /** Channels of the 3x3 convolution (and of the 1x1 before it) in the bottlenecks of stage {@code i}. */
  public int bottleneckWidth(int i) {
    int planes = baseWidth << i;
    return cardinality == 1 ? planes : planes * groupWidth / baseWidth * cardinality;
  }

  /** Output channels of stage {@code i} (0 = C2 .. 3 = C5). */
  public int stageChannels(int i) {
    return baseWidth * (1 << i) * blockType.expansion();
  }
}
