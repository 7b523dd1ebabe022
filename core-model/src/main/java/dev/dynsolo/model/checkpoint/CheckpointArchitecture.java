package dev.dynsolo.model.checkpoint;

import dev.dynsolo.model.config.BackboneConfig;
import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.BlockType;
import dev.dynsolo.model.config.ConvKind;
import dev.dynsolo.model.config.HeadConfig;
import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.PostProcessConfig;
import dev.dynsolo.model.weights.torch.CheckpointFormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Works out the model a SOLOv2 state dict (keys in this project's naming) was trained as, from its
 * tensors' shapes alone: ResNet depth and block type, FPN width, head depth and width, kernel
 * length E, mask-feature width and class count. What shapes cannot tell (grids, strides, scale
 * ranges, GroupNorm groups, test thresholds and scale) comes from the stored config text, else
 * from the authors' settings for that model family (light: a head of fewer than 4 convs; light
 * with DCN: light-512's). Which 3x3 convolutions are deformable (DCN) or modulated (DCNv2) is read
 * from the offset convolutions' keys and widths, per backbone stage and per head layer; a
 * ResNeXt's groups from its 3x3 weights.
 */
public final class CheckpointArchitecture {
  private static final List<Integer> PAPER_GRIDS = List.of(40, 36, 24, 16, 12);
  private static final List<Integer> PAPER_STRIDES = List.of(8, 8, 16, 32, 32);
  private static final int[][] STANDARD_SCALES = {{1, 96}, {48, 192}, {96, 384}, {192, 768}, {384, 2048}};
  private static final int[][] LIGHT_SCALES = {{1, 56}, {28, 112}, {56, 224}, {112, 448}, {224, 896}};
  private static final int[][] LIGHT_DCN_SCALES = {{1, 64}, {32, 128}, {64, 256}, {128, 512}, {256, 2048}};
  private static final Map<List<Integer>, Integer> BASIC_DEPTHS = Map.of(List.of(2, 2, 2, 2), 18, List.of(3, 4, 6, 3), 34);
  private static final Map<List<Integer>, Integer> BOTTLENECK_DEPTHS =
      Map.of(List.of(3, 4, 6, 3), 50, List.of(3, 4, 23, 3), 101, List.of(3, 8, 36, 3), 152);

  private CheckpointArchitecture() {}

  /**
   * @param shapes tensor shapes by canonical key
   * @param where the file, for messages
   */
  public static ModelConfig infer(Map<String, long[]> shapes, AuthorsConfigText text, String where) {
    BlockType block = shapes.containsKey("backbone.layer1.0.conv3.weight") ? BlockType.BOTTLENECK : BlockType.BASIC;
    List<Integer> blocks = new ArrayList<>();
    for (int stage = 1; stage <= 4; stage++) {
      int n = 0;
      while (shapes.containsKey("backbone.layer" + stage + "." + n + ".conv1.weight")) {
        n++;
      }
      if (n == 0) {
        throw new CheckpointFormatException(where + " is not a SOLOv2 checkpoint with a ResNet backbone: no key"
            + " backbone.layer" + stage + ".0.conv1.weight");
      }
      blocks.add(n);
    }
    int[] groups = groups(shapes, block, where);
    List<ConvKind> stageConvs = new ArrayList<>();
    for (int stage = 1; stage <= 4; stage++) {
      stageConvs.add(stageConv(shapes, block, stage, blocks.get(stage - 1), where));
    }
    Integer depth = (block == BlockType.BASIC ? BASIC_DEPTHS : BOTTLENECK_DEPTHS).get(blocks);
    String backboneName = groups[0] > 1
        ? (depth != null ? "x" + depth : "resnext" + blocks) + "-" + groups[0] + "x" + groups[1] + "d"
        : depth != null ? "r" + depth : "resnet" + blocks;
    int baseWidth = dim(shapes, "backbone.conv1.weight", 0, where);
    int fpn = dim(shapes, "neck.lateral_convs.0.conv.weight", 0, where);
    int convs = 0;
    while (shapes.containsKey("bbox_head.kernel_convs." + convs + ".conv.weight")) {
      convs++;
    }
    if (convs == 0) {
      throw new CheckpointFormatException(where + " has no SOLOv2 head: no key bbox_head.kernel_convs.0.conv.weight"
          + " (mmdetection: mask_head.kernel_convs.0.conv.weight)");
    }
    int headWidth = dim(shapes, "bbox_head.kernel_convs.0.conv.weight", 0, where);
    int kernelDim = dim(shapes, "bbox_head.solo_kernel.weight", 0, where);
    int classes = dim(shapes, "bbox_head.solo_cate.weight", 0, where);
    int maskWidth = dim(shapes, "mask_feat_head.convs_all_levels.0.conv0.conv.weight", 0, where);
    List<ConvKind> towerConvs = new ArrayList<>();
    for (int i = 0; i < convs; i++) {
      towerConvs.add(towerConv(shapes, i, where));
    }
    ConvKind maskFeatureConv = maskFeatureConv(shapes, where);
    boolean deformable = stageConvs.stream().anyMatch(ConvKind::deformable)
        || towerConvs.stream().anyMatch(ConvKind::deformable) || maskFeatureConv.deformable();
    boolean light = convs < 4;
    int gnGroups = text.groupNormGroups().orElse(32);

    List<Integer> grids = text.levelList("num_grids").orElse(PAPER_GRIDS);
    List<Integer> strides = text.levelList("strides").orElse(PAPER_STRIDES);
    int[][] defaults = light ? (deformable ? LIGHT_DCN_SCALES : LIGHT_SCALES) : STANDARD_SCALES;
    List<int[]> ranges = text.scaleRanges().orElse(List.of(defaults));
    List<LevelConfig> levels = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      levels.add(new LevelConfig(i + 2, grids.get(i), strides.get(i), ranges.get(i)[0], ranges.get(i)[1]));
    }
    int[] scale = text.testScale().orElse(
        light ? (deformable ? new int[] {852, 512} : new int[] {768, 448}) : new int[] {1333, 800});
    PostProcessConfig reference = PostProcessConfig.REFERENCE;
    PostProcessConfig post = new PostProcessConfig(
        text.testSetting("score_thr").map(Double::floatValue).orElse(reference.scoreThreshold()),
        text.testSetting("mask_thr").map(Double::floatValue).orElse(reference.maskThreshold()),
        text.testSetting("nms_pre").map(Double::intValue).orElse(reference.preNmsTopK()),
        text.testWord("kernel").map(k -> k.equalsIgnoreCase("linear") ? NmsKernel.LINEAR : NmsKernel.GAUSSIAN)
            .orElse(reference.kernel()),
        text.testSetting("sigma").map(Double::floatValue).orElse(reference.sigma()),
        text.testSetting("update_thr").or(() -> text.testSetting("filter_thr")).map(Double::floatValue)
            .orElse(reference.updateThreshold()),
        text.testSetting("max_per_img").map(Double::intValue).orElse(reference.maxDetections()));
    return new ModelConfig(
        (light ? "light-" : "") + backboneName + (deformable ? "-dcn" : ""),
        new BackboneConfig(block, blocks, baseWidth, BackboneNorm.FROZEN_BATCH_NORM, gnGroups, stageConvs, groups[0],
            groups[1]),
        fpn,
        levels,
        new HeadConfig(convs, headWidth, kernelDim, maskWidth, gnGroups, 0.01).withConvs(towerConvs, maskFeatureConv),
        classes,
        InputConfig.keepRatio(scale[1], scale[0]),
        post);
  }

  /**
   * {cardinality, group width} of the bottlenecks' 3x3 convolutions: a ResNeXt's (SOLOv2_X101_DCN:
   * 64 groups of 4 channels in the first stage) hold fewer input channels per weight than outputs;
   * {1, 0} for a ResNet.
   */
  private static int[] groups(Map<String, long[]> shapes, BlockType block, String where) {
    String key = "backbone.layer1.0.conv2.weight";
    long[] shape = shapes.get(key);
    if (block != BlockType.BOTTLENECK || shape == null || shape.length != 4 || shape[1] == shape[0]) {
      return new int[] {1, 0};
    }
    if (shape[1] <= 0 || shape[0] % shape[1] != 0) {
      throw new CheckpointFormatException(where + ": " + key + " " + Arrays.toString(shape) + " is not a grouped 3x3"
          + " convolution (its outputs are not a multiple of its inputs per group)");
    }
    return new int[] {(int) (shape[0] / shape[1]), (int) shape[1]};
  }

  /** The kind of a stage's 3x3 convolutions, the same in every block of the stage. */
  private static ConvKind stageConv(Map<String, long[]> shapes, BlockType block, int stage, int blocks, String where) {
    String conv = block == BlockType.BOTTLENECK ? "conv2" : "conv1";
    ConvKind first = offsetKind(shapes, "backbone.layer" + stage + ".0." + conv, 3, where);
    for (int b = 1; b < blocks; b++) {
      ConvKind kind = offsetKind(shapes, "backbone.layer" + stage + "." + b + "." + conv, 3, where);
      if (kind != first) {
        throw new CheckpointFormatException(where + ": backbone stage " + stage + " mixes " + first + " and " + kind
            + " 3x3 convolutions (block 0 and block " + b + "); the authors' models deform every block of a stage");
      }
    }
    return first;
  }

  /** The kind of head layer {@code i}, which both branches must share. */
  private static ConvKind towerConv(Map<String, long[]> shapes, int i, String where) {
    ConvKind kernel = offsetKind(shapes, "bbox_head.kernel_convs." + i + ".conv", 3, where);
    ConvKind category = offsetKind(shapes, "bbox_head.cate_convs." + i + ".conv", 3, where);
    if (kernel != category) {
      throw new CheckpointFormatException(where + ": head layer " + i + " is " + kernel + " in the kernel branch but "
          + category + " in the category branch; the authors' heads deform both alike");
    }
    return category;
  }

  /** The kind of every mask-feature convolution (per-level 3x3 and the final 1x1), which must agree. */
  private static ConvKind maskFeatureConv(Map<String, long[]> shapes, String where) {
    ConvKind kind = offsetKind(shapes, "mask_feat_head.conv_pred.0.conv", 1, where);
    for (int level = 0; level < 4; level++) {
      for (int j = 0; j < Math.max(1, level); j++) {
        String conv = "mask_feat_head.convs_all_levels." + level + ".conv" + j + ".conv";
        ConvKind levelKind = offsetKind(shapes, conv, 3, where);
        if (levelKind != kind) {
          throw new CheckpointFormatException(where + ": the mask-feature branch mixes " + levelKind + " (" + conv
              + ") and " + kind + " (mask_feat_head.conv_pred.0.conv) convolutions; the authors' models deform all"
              + " of them or none");
        }
      }
    }
    return kind;
  }

  /**
   * PLAIN without {@code <conv>.conv_offset.weight}; with it, DCN (2 offsets per tap) or DCNv2
   * (2 offsets and a modulation per tap) for a k x k kernel with one deformable group.
   */
  private static ConvKind offsetKind(Map<String, long[]> shapes, String conv, int k, String where) {
    String key = conv + ".conv_offset.weight";
    long[] shape = shapes.get(key);
    if (shape == null) {
      return ConvKind.PLAIN;
    }
    for (ConvKind kind : List.of(ConvKind.DEFORMABLE, ConvKind.MODULATED)) {
      if (shape.length == 4 && shape[0] == kind.offsetChannels(k) && shape[2] == k && shape[3] == k) {
        return kind;
      }
    }
    throw new CheckpointFormatException(where + ": " + key + " " + Arrays.toString(shape) + " does not fit a " + k
        + "x" + k + " deformable convolution with one deformable group (" + ConvKind.DEFORMABLE.offsetChannels(k)
        + " values per position for DCN, " + ConvKind.MODULATED.offsetChannels(k) + " for DCNv2); other"
        + " deformable-group counts are not supported");
  }

  private static int dim(Map<String, long[]> shapes, String key, int axis, String where) {
    long[] shape = shapes.get(key);
    if (shape == null || shape.length <= axis) {
      throw new CheckpointFormatException(where + " is not a SOLOv2 checkpoint this importer knows: no key " + key);
    }
    return (int) shape[axis];
  }
}
