package dev.dynsolo.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.BlockType;
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

  @Test
  void deformableConvolutionsAreRefusedByName() {
    Map<String, TorchTensor> tensors = new LinkedHashMap<>(
        TorchCheckpoint.read(AuthorsOracle.file(AuthorsOracle.ZIP_FP32)).tensors());
    tensors.put("backbone.layer2.0.conv2.conv_offset.weight", zeros(new long[] {27, 128, 3, 3}));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> SoloCheckpointImport.read(withTensors(tensors), null));
    assertTrue(e.getMessage().contains("deformable convolutions (DCN)")
        && e.getMessage().contains("backbone.layer2.0.conv2.conv_offset.weight"), e.getMessage());
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
