package dev.dynsolo.model.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything that defines a SOLOv2 network and its inference behaviour. Every value is validated
 * when the record is built, so a bad setting fails before any graph exists, naming the setting.
 *
 * @param preset name of the preset this config came from (informational)
 * @param backbone the ResNet
 * @param fpnChannels FPN output width (256)
 * @param levels the pyramid levels the head runs on, smallest stride first
 * @param head head and mask-feature settings
 * @param numClasses C, foreground classes
 * @param input input size and normalisation
 * @param postProcess inference post-processing
 */
public record ModelConfig(
    String preset, BackboneConfig backbone, int fpnChannels, List<LevelConfig> levels,
    HeadConfig head, int numClasses, InputConfig input, PostProcessConfig postProcess) {

  public ModelConfig {
    if (preset == null || preset.isBlank()) {
      throw new InvalidConfigException("preset", preset, "must be named");
    }
    if (backbone == null) {
      throw new InvalidConfigException("backbone", null, "is required");
    }
    if (head == null) {
      throw new InvalidConfigException("head", null, "is required");
    }
    if (input == null) {
      throw new InvalidConfigException("input", null, "is required");
    }
    if (postProcess == null) {
      throw new InvalidConfigException("postProcess", null, "is required");
    }
    Check.positive("fpnChannels", fpnChannels);
    Check.divisible("fpnChannels", fpnChannels, head.groupNormGroups());
    Check.positive("numClasses", numClasses);
    Check.notEmpty("levels", levels);
    levels = List.copyOf(levels);
    Set<Integer> seen = new HashSet<>();
    for (LevelConfig level : levels) {
      if (!seen.add(level.fpnLevel())) {
        throw new InvalidConfigException("levels", "P" + level.fpnLevel(), "is listed twice");
      }
    }
  }

  /** Total number of category-grid cells over all levels (sum of S*S). */
  public int totalCells() {
    return levels.stream().mapToInt(l -> l.grid() * l.grid()).sum();
  }

  /**
   * Height of the mask feature and of the returned masks (1/{@code head.maskStride} of the
   * input); for keep-ratio inputs, of the largest (padded) input, as training uses.
   */
  public int maskHeight() {
    return InputConfig.padded(input.height()) / head.maskStride();
  }

  /** Width of the mask feature and of the returned masks, as {@link #maskHeight()}. */
  public int maskWidth() {
    return InputConfig.padded(input.width()) / head.maskStride();
  }

  /**
   * The config training batches use: a keep-ratio input becomes a fixed letterbox canvas of its
   * largest padded size (448 x 768 for the authors' light models), everything else unchanged.
   */
  public ModelConfig forTraining() {
    if (input.resize() == InputResize.LETTERBOX) {
      return this;
    }
    return withInput(new InputConfig(InputConfig.padded(input.height()), InputConfig.padded(input.width()),
        input.mean(), input.std()));
  }

  public ModelConfig withNumClasses(int classes) {
    return new ModelConfig(preset, backbone, fpnChannels, levels, head, classes, input, postProcess);
  }

  public ModelConfig withInput(InputConfig newInput) {
    return new ModelConfig(preset, backbone, fpnChannels, levels, head, numClasses, newInput, postProcess);
  }

  public ModelConfig withLevels(List<LevelConfig> newLevels) {
    return new ModelConfig(preset, backbone, fpnChannels, newLevels, head, numClasses, input, postProcess);
  }

  public ModelConfig withPostProcess(PostProcessConfig newPost) {
    return new ModelConfig(preset, backbone, fpnChannels, levels, head, numClasses, input, newPost);
  }

  public ModelConfig withHead(HeadConfig newHead) {
    return new ModelConfig(preset, backbone, fpnChannels, levels, newHead, numClasses, input, postProcess);
  }

  public ModelConfig withBackbone(BackboneConfig newBackbone) {
    return new ModelConfig(preset, newBackbone, fpnChannels, levels, head, numClasses, input, postProcess);
  }
}
