package dev.dynsolo.model.checkpoint;

import dev.dynsolo.model.config.BackboneConfig;
import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.BlockType;
import dev.dynsolo.model.config.HeadConfig;
import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.PostProcessConfig;
import dev.dynsolo.model.weights.torch.CheckpointFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Works out the model a SOLOv2 state dict (keys in this project's naming) was trained as, from its
 * tensors' shapes alone: ResNet depth and block type, FPN width, head depth and width, kernel
 * length E, mask-feature width and class count. What shapes cannot tell (grids, strides, scale
 * ranges, GroupNorm groups, test thresholds and scale) comes from the stored config text, else
 * from the paper's settings for that model family (light: head of at most 2 convs).
 */
public final class CheckpointArchitecture {
  private static final List<Integer> PAPER_GRIDS = List.of(40, 36, 24, 16, 12);
  private static final List<Integer> PAPER_STRIDES = List.of(8, 8, 16, 32, 32);
  private static final int[][] STANDARD_SCALES = {{1, 96}, {48, 192}, {96, 384}, {192, 768}, {384, 2048}};
  private static final int[][] LIGHT_SCALES = {{1, 56}, {28, 112}, {56, 224}, {112, 448}, {224, 896}};
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
    Integer depth = (block == BlockType.BASIC ? BASIC_DEPTHS : BOTTLENECK_DEPTHS).get(blocks);
    String backboneName = depth != null ? "r" + depth : "resnet" + blocks;
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
    boolean light = convs <= 2;
    int groups = text.groupNormGroups().orElse(32);

    List<Integer> grids = text.levelList("num_grids").orElse(PAPER_GRIDS);
    List<Integer> strides = text.levelList("strides").orElse(PAPER_STRIDES);
    int[][] defaults = light ? LIGHT_SCALES : STANDARD_SCALES;
    List<int[]> ranges = text.scaleRanges().orElse(List.of(defaults));
    List<LevelConfig> levels = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      levels.add(new LevelConfig(i + 2, grids.get(i), strides.get(i), ranges.get(i)[0], ranges.get(i)[1]));
    }
    int[] scale = text.testScale().orElse(light ? new int[] {768, 448} : new int[] {1333, 800});
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
        (light ? "light-" : "") + backboneName,
        new BackboneConfig(block, blocks, baseWidth, BackboneNorm.FROZEN_BATCH_NORM, groups),
        fpn,
        levels,
        new HeadConfig(convs, headWidth, kernelDim, maskWidth, groups, 0.01),
        classes,
        InputConfig.keepRatio(scale[1], scale[0]),
        post);
  }

  private static int dim(Map<String, long[]> shapes, String key, int axis, String where) {
    long[] shape = shapes.get(key);
    if (shape == null || shape.length <= axis) {
      throw new CheckpointFormatException(where + " is not a SOLOv2 checkpoint this importer knows: no key " + key);
    }
    return (int) shape[axis];
  }
}
