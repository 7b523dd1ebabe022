package dev.dynsolo.model.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The named model presets: the paper's standard ({@code r50}, {@code r101}) and light
 * ({@code light-r18/34/50}) models, the authors' deformable ones ({@code light-r50-dcn}: their
 * light-512 DCN R50; {@code r101-dcn}; {@code x101-dcn}, on a ResNeXt-101 64x4d), and {@code nano},
 * small enough to train on a CPU in minutes.
 *
 * <p>A name may carry an input size: {@code light-r50@448} (square) or {@code r50@800x1344}.
 */
public final class Presets {

  private static final List<Integer> GRIDS = List.of(40, 36, 24, 16, 12);
  private static final List<Integer> STRIDES = List.of(8, 8, 16, 32, 32);
  private static final int[][] STANDARD_SCALES = {{1, 96}, {48, 192}, {96, 384}, {192, 768}, {384, 2048}};
  private static final int[][] LIGHT_SCALES = {{1, 56}, {28, 112}, {56, 224}, {112, 448}, {224, 896}};
  private static final int[][] LIGHT_DCN_SCALES = {{1, 64}, {32, 128}, {64, 256}, {128, 512}, {256, 2048}};
  private static final List<ConvKind> DCN_STAGES = List.of(ConvKind.PLAIN, ConvKind.DEFORMABLE, ConvKind.DEFORMABLE,
      ConvKind.DEFORMABLE);
  private static final List<ConvKind> DCN_V2_STAGES = List.of(ConvKind.PLAIN, ConvKind.MODULATED, ConvKind.MODULATED,
      ConvKind.MODULATED);
  private static final int[][] NANO_SCALES = {{1, 32}, {16, 64}, {32, 128}, {64, 256}, {128, 512}};

  private static final Map<String, IntFunction<ModelConfig>> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("r50", classes -> standard("r50", List.of(3, 4, 6, 3), classes));
    PRESETS.put("r101", classes -> standard("r101", List.of(3, 4, 23, 3), classes));
    PRESETS.put("light-r18", classes -> light("light-r18", BlockType.BASIC, List.of(2, 2, 2, 2), classes));
    PRESETS.put("light-r34", classes -> light("light-r34", BlockType.BASIC, List.of(3, 4, 6, 3), classes));
    PRESETS.put("light-r50", classes -> light("light-r50", BlockType.BOTTLENECK, List.of(3, 4, 6, 3), classes));
    PRESETS.put("light-r50-dcn", Presets::lightDcn);
    PRESETS.put("r101-dcn", classes -> standardDcn("r101-dcn", classes, 1, 0));
    PRESETS.put("x101-dcn", classes -> standardDcn("x101-dcn", classes, 64, 4));
    PRESETS.put("nano", Presets::nano);
  }

  private Presets() {}

  /** The preset names, in a stable order. */
  public static List<String> names() {
    return List.copyOf(PRESETS.keySet());
  }

  /**
   * The preset called {@code name} (optionally with {@code @size} or {@code @HxW}) for
   * {@code numClasses} classes.
   */
  public static ModelConfig get(String name, int numClasses) {
    if (name == null) {
      throw new InvalidConfigException("preset", null, "must be one of " + names());
    }
    String base = name;
    String size = null;
    int at = name.indexOf('@');
    if (at >= 0) {
      base = name.substring(0, at);
      size = name.substring(at + 1);
    }
    IntFunction<ModelConfig> factory = PRESETS.get(base);
    if (factory == null) {
      throw new InvalidConfigException("preset", name, "must be one of " + names());
    }
    ModelConfig config = factory.apply(numClasses);
    if (size != null) {
      int[] hw = parseSize(name, size);
      config = config.withInput(config.input().withSize(hw[0], hw[1]));
    }
    return config;
  }

  private static int[] parseSize(String name, String size) {
    try {
      String[] parts = size.split("x");
      if (parts.length == 1) {
        int s = Integer.parseInt(parts[0]);
        return new int[] {s, s};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new InvalidConfigException("preset", name, "size after @ must be N or HxW, e.g. light-r50@448");
  }

  private static List<LevelConfig> levels(int[][] scales, List<Integer> grids) {
    List<LevelConfig> out = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.add(new LevelConfig(i + 2, grids.get(i), STRIDES.get(i), scales[i][0], scales[i][1]));
    }
    return out;
  }

  private static ModelConfig standard(String name, List<Integer> blocks, int classes) {
    return new ModelConfig(
        name,
        new BackboneConfig(BlockType.BOTTLENECK, blocks, 64, BackboneNorm.FROZEN_BATCH_NORM, 32),
        256,
        levels(STANDARD_SCALES, GRIDS),
        new HeadConfig(4, 512, 256, 128, 32, 0.01),
        classes,
        InputConfig.square(512),
        PostProcessConfig.REFERENCE);
  }

  private static ModelConfig light(String name, BlockType type, List<Integer> blocks, int classes) {
    return new ModelConfig(
        name,
        new BackboneConfig(type, blocks, 64, BackboneNorm.FROZEN_BATCH_NORM, 32),
        256,
        levels(LIGHT_SCALES, GRIDS),
        new HeadConfig(2, 256, 128, 128, 32, 0.01),
        classes,
        InputConfig.square(512),
        PostProcessConfig.REFERENCE);
  }

  /**
   * The authors' R101 DCN (cardinality 1) or X101 DCN (ResNeXt 64x4d): DCNv2 in stages 2-4, in
   * every head layer and in the whole mask-feature branch.
   */
  private static ModelConfig standardDcn(String name, int classes, int cardinality, int groupWidth) {
    ModelConfig plain = standard(name, List.of(3, 4, 23, 3), classes);
    return plain.withBackbone(plain.backbone().withStageConvs(DCN_V2_STAGES).withGroups(cardinality, groupWidth))
        .withHead(plain.head().withConvs(Collections.nCopies(4, ConvKind.MODULATED), ConvKind.MODULATED));
  }

  /** The authors' light-512 DCN R50: DCN in stages 2-4 and in the last of three head layers, input 512. */
  private static ModelConfig lightDcn(int classes) {
    return new ModelConfig(
        "light-r50-dcn",
        new BackboneConfig(BlockType.BOTTLENECK, List.of(3, 4, 6, 3), 64, BackboneNorm.FROZEN_BATCH_NORM, 32,
            DCN_STAGES),
        256,
        levels(LIGHT_DCN_SCALES, GRIDS),
        new HeadConfig(3, 256, 128, 128, 32, 0.01).withConvs(
            List.of(ConvKind.PLAIN, ConvKind.PLAIN, ConvKind.DEFORMABLE), ConvKind.PLAIN),
        classes,
        InputConfig.square(512),
        PostProcessConfig.REFERENCE);
  }

  private static ModelConfig nano(int classes) {
    return new ModelConfig(
        "nano",
        new BackboneConfig(BlockType.BASIC, List.of(2, 2, 2, 2), 24, BackboneNorm.GROUP_NORM, 8),
        64,
        levels(NANO_SCALES, List.of(24, 20, 16, 12, 8)),
        new HeadConfig(2, 64, 32, 32, 8, 0.01, 2),
        classes,
        InputConfig.square(256),
        PostProcessConfig.REFERENCE);
  }
}
