package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.BlockType;
import dev.dynsolo.model.config.ConvKind;
import dev.dynsolo.model.config.InputResize;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.weights.torch.CheckpointFormatException;
import dev.dynsolo.model.weights.torch.TorchCheckpoint;
import dev.dynsolo.model.weights.torch.TorchStorage;
import dev.dynsolo.model.weights.torch.TorchTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the importer reads from a checkpoint, and the one-line refusals of ones that do not fit. */
class SoloCheckpointImportTest {
  @TempDir Path dir;

  @Test
  void fixtureModelIsReadFromShapesAndConfigText() {
    ImportedModel model = SoloCheckpointImport.read(AuthorsOracle.file(AuthorsOracle.LEGACY_FP16), null);
    ModelConfig c = model.config();
    assertEquals(KeyLayout.MMDETECTION, model.layout());
    assertEquals("light-r18", c.preset());
    assertEquals(BlockType.BASIC, c.backbone().blockType());
    assertEquals(List.of(2, 2, 2, 2), c.backbone().blocksPerStage());
    assertEquals(64, c.fpnChannels());
    assertEquals(2, c.head().convs());
    assertEquals(64, c.head().channels());
    assertEquals(32, c.head().kernelDim());
    assertEquals(32, c.head().maskFeatureChannels());
    assertEquals(80, c.numClasses());
    assertEquals(InputResize.KEEP_RATIO, c.input().resize());
    assertEquals(224, c.input().height(), "test scale (384, 224) from the stored config");
    assertEquals(384, c.input().width());
    assertEquals(0.05f, c.postProcess().updateThreshold(), "mmdetection's filter_thr");
    assertEquals(List.of(40, 36, 24, 16, 12), c.levels().stream().map(l -> l.grid()).toList());
    assertEquals(56, c.levels().get(0).scaleMax());
    assertEquals("traffic light", model.classNames().get(9));
    assertEquals(90, model.categoryIds().get(79));
  }

  @Test
  void fullSizeCheckpointsOfTheReferencePageImport() {
    record Case(String preset, boolean bottleneck, int[] blocks, int convs, int width, int e, int keys, double millions) {}
    for (Case k : List.of(
        new Case("light-r18", false, new int[] {2, 2, 2, 2}, 2, 256, 128, 176, 18.27),
        new Case("light-r34", false, new int[] {3, 4, 6, 3}, 2, 256, 128, 272, 28.38),
        new Case("light-r50", true, new int[] {3, 4, 6, 3}, 2, 256, 128, 374, 31.34),
        new Case("r50", true, new int[] {3, 4, 6, 3}, 4, 512, 256, 386, 46.59))) {
      Map<String, long[]> shapes = AuthorsKeyList.solov2(k.bottleneck(), k.blocks(), 256, k.convs(), k.width(), k.e(),
          128, 80);
      assertEquals(k.keys(), shapes.size(), k.preset() + ": key count of the reference page");
      assertEquals(k.millions(), AuthorsKeyList.parameters(shapes) / 1e6, 0.005, k.preset() + ": parameters");
      TorchCheckpoint file = new TorchCheckpoint(dir.resolve(k.preset() + ".pth"), AuthorsKeyList.zeros(shapes),
          Map.of("CLASSES", CocoCategories.NAMES.toArray()));
      ImportedModel model = SoloCheckpointImport.read(file, null);
      assertEquals(k.preset(), model.config().preset());
      int[] scale = k.convs() == 2 ? new int[] {448, 768} : new int[] {800, 1333};
      assertEquals(scale[0], model.config().input().height(), k.preset() + ": authors' test scale");
      assertEquals(scale[1], model.config().input().width());
      long imported = model.weights().names().stream().filter(n -> !n.endsWith("running_mean")
          && !n.endsWith("running_var")).mapToLong(n -> model.weights().get(n).values().length).sum();
      assertEquals(AuthorsKeyList.parameters(shapes), imported, k.preset() + ": every parameter imported");
    }
  }

  @Test
  void aMissingUnexpectedOrMisShapedKeyIsListedInOneMessage() {
    Map<String, TorchTensor> tensors = new LinkedHashMap<>(
        TorchCheckpoint.read(AuthorsOracle.file(AuthorsOracle.ZIP_FP32)).tensors());
    tensors.remove("neck.fpn_convs.2.conv.bias");
    tensors.put("bbox_head.extra.weight", tensors.get("neck.fpn_convs.1.conv.bias"));
    tensors.put("neck.fpn_convs.3.conv.bias", zeros(new long[] {63}));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> SoloCheckpointImport.read(withTensors(tensors), null));
    String m = e.getMessage();
    assertTrue(m.contains("1 missing: neck.fpn_convs.2.conv.bias"), m);
    assertTrue(m.contains("1 unexpected: bbox_head.extra.weight"), m);
    assertTrue(m.contains("1 of the wrong shape: neck.fpn_convs.3.conv.bias [63] (needs [64])"), m);
    assertEquals(1, m.lines().count(), "one line");
  }

  /**
   * The authors' DCN models. Key and parameter counts are what the authors' own builder gives for
   * their configs (WXinlong/SOLO f4cd03b, counted in a scratch run): light-512 DCN R50 (DCN in
   * stages 2-4 and in the last of 3 head layers) 410 keys, 33,185,054 parameters; R101 DCN (DCNv2
   * in stages 2-4, in all 4 head layers and in the whole mask-feature branch, its 1x1 too) 784
   * keys, 68,729,118 parameters; X101 DCN (the same on a ResNeXt-101 64x4d) 784 keys, 113,420,574.
   */
  @Test
  void fullSizeDeformableCheckpointsImport() {
    record Case(String preset, int[] blocks, int convs, int width, int e, int stage, int[] tower, int mask, int keys,
        long parameters, int[] scale, int cardinality) {}
    for (Case k : List.of(
        new Case("light-r50-dcn", new int[] {3, 4, 6, 3}, 3, 256, 128, 18, new int[] {0, 0, 18}, 0, 410, 33_185_054,
            new int[] {512, 852}, 1),
        new Case("r101-dcn", new int[] {3, 4, 23, 3}, 4, 512, 256, 27, new int[] {27, 27, 27, 27}, 3, 784, 68_729_118,
            new int[] {800, 1333}, 1),
        new Case("x101-64x4d-dcn", new int[] {3, 4, 23, 3}, 4, 512, 256, 27, new int[] {27, 27, 27, 27}, 3, 784,
            113_420_574, new int[] {800, 1333}, 64))) {
      Map<String, long[]> shapes = AuthorsKeyList.solov2(true, k.blocks(), 256, k.convs(), k.width(), k.e(), 128, 80,
          k.stage(), k.tower(), k.mask(), k.cardinality(), 4);
      assertEquals(k.keys(), shapes.size(), k.preset() + ": key count of the authors' model");
      assertEquals(k.parameters(), AuthorsKeyList.parameters(shapes), k.preset() + ": parameters");
      TorchCheckpoint file = new TorchCheckpoint(dir.resolve(k.preset() + ".pth"), AuthorsKeyList.zeros(shapes),
          Map.of("CLASSES", CocoCategories.NAMES.toArray()));
      ImportedModel model = SoloCheckpointImport.read(file, null);
      ModelConfig c = model.config();
      assertEquals(k.preset(), c.preset());
      ConvKind stage = k.stage() == 18 ? ConvKind.DEFORMABLE : ConvKind.MODULATED;
      assertEquals(List.of(ConvKind.PLAIN, stage, stage, stage), c.backbone().stageConvs());
      assertEquals(k.mask() == 0 ? ConvKind.PLAIN : ConvKind.MODULATED, c.head().maskFeatureConv());
      assertEquals(k.cardinality(), c.backbone().cardinality());
      assertEquals(k.scale()[0], c.input().height(), k.preset() + ": authors' test scale");
      assertEquals(k.scale()[1], c.input().width());
      long imported = model.weights().names().stream().filter(n -> !n.endsWith("running_mean")
          && !n.endsWith("running_var")).mapToLong(n -> model.weights().get(n).values().length).sum();
      assertEquals(k.parameters(), imported, k.preset() + ": every parameter imported");
    }
  }

  /** mmdetection's light DCN models deform only the last head layer, with DCNv2; its keys are renamed like the rest. */
  @Test
  void mmdetectionLightDcnDeformsOnlyItsLastHeadLayer() {
    Map<String, long[]> shapes = AuthorsKeyList.solov2(true, new int[] {3, 4, 6, 3}, 256, 2, 256, 128, 128, 80, 27,
        new int[] {0, 27}, 0);
    Map<String, TorchTensor> renamed = new LinkedHashMap<>();
    AuthorsKeyList.zeros(shapes).forEach((key, t) -> renamed.put(KeyLayout.MMDETECTION.original(key), t));
    assertTrue(renamed.containsKey("mask_head.cls_convs.1.conv.conv_offset.weight"));
    ImportedModel model = SoloCheckpointImport.read(new TorchCheckpoint(dir.resolve("mm.pth"), renamed,
        Map.of("CLASSES", CocoCategories.NAMES.toArray())), null);
    assertEquals(List.of(ConvKind.PLAIN, ConvKind.MODULATED), model.config().head().towerConvs());
    assertEquals("light-r50-dcn", model.config().preset());
  }

  @Test
  void unsupportedDeformableLayoutsAreRefusedInOneLine() {
    Map<String, long[]> groups = AuthorsKeyList.solov2(true, new int[] {3, 4, 6, 3}, 256, 4, 512, 256, 128, 80, 27,
        new int[4], 0);
    groups.put("backbone.layer3.0.conv2.conv_offset.weight", new long[] {54, 256, 3, 3});
    assertRefused(groups, "backbone.layer3.0.conv2.conv_offset.weight [54, 256, 3, 3] does not fit a 3x3 deformable");
    Map<String, long[]> mixed = AuthorsKeyList.solov2(true, new int[] {3, 4, 6, 3}, 256, 4, 512, 256, 128, 80, 27,
        new int[4], 0);
    mixed.remove("backbone.layer2.2.conv2.conv_offset.weight");
    mixed.remove("backbone.layer2.2.conv2.conv_offset.bias");
    assertRefused(mixed, "backbone stage 2 mixes MODULATED and PLAIN");
  }

  private void assertRefused(Map<String, long[]> shapes, String expected) {
    TorchCheckpoint file = new TorchCheckpoint(dir.resolve("x.pth"), AuthorsKeyList.zeros(shapes),
        Map.of("CLASSES", CocoCategories.NAMES.toArray()));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> SoloCheckpointImport.read(file, null));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), "one line");
  }

  @Test
  void classNamesComeFromAFileWhenGivenAndMustFitTheModel() throws Exception {
    Map<String, TorchTensor> tensors = TorchCheckpoint.read(AuthorsOracle.file(AuthorsOracle.ZIP_FP32)).tensors();
    TorchCheckpoint noMeta = new TorchCheckpoint(dir.resolve("bare.pth"), tensors, Map.of());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> SoloCheckpointImport.read(noMeta, null));
    assertTrue(e.getMessage().contains("pass --classes FILE"), e.getMessage());
    Path classes = dir.resolve("classes.txt");
    Files.writeString(classes, "a\nb\n");
    e = assertThrows(CheckpointFormatException.class, () -> SoloCheckpointImport.read(noMeta, classes));
    assertTrue(e.getMessage().contains("lists 2 class names but the model has 80 classes"), e.getMessage());
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      names.append("thing").append(i).append('\n');
    }
    Files.writeString(classes, names);
    ImportedModel model = SoloCheckpointImport.read(noMeta, classes);
    assertEquals("thing79", model.classNames().get(79));
    assertEquals(null, model.categoryIds(), "not COCO: no category ids");
  }

  @Test
  void keyLayoutsMapBothWays() {
    KeyLayout mm = KeyLayout.MMDETECTION;
    for (String[] pair : new String[][] {
        {"mask_head.mask_feature_head.conv_pred.conv.weight", "mask_feat_head.conv_pred.0.conv.weight"},
        {"mask_head.mask_feature_head.convs_all_levels.3.conv0.gn.bias", "mask_feat_head.convs_all_levels.3.conv0.gn.bias"},
        {"mask_head.cls_convs.1.conv.weight", "bbox_head.cate_convs.1.conv.weight"},
        {"mask_head.conv_cls.bias", "bbox_head.solo_cate.bias"},
        {"mask_head.conv_kernel.weight", "bbox_head.solo_kernel.weight"},
        {"backbone.conv1.weight", "backbone.conv1.weight"}}) {
      assertEquals(pair[1], mm.canonical(pair[0]));
      assertEquals(pair[0], mm.original(pair[1]));
    }
  }

  private static TorchCheckpoint withTensors(Map<String, TorchTensor> tensors) {
    TorchCheckpoint original = TorchCheckpoint.read(AuthorsOracle.file(AuthorsOracle.ZIP_FP32));
    return new TorchCheckpoint(original.file(), tensors, original.meta());
  }

  private static TorchTensor zeros(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    long[] stride = new long[shape.length];
    long step = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = step;
      step *= shape[d];
    }
    return new TorchTensor(TorchStorage.ofFloats("z", new float[(int) n]), 0, shape, stride);
  }
}
