package dev.dynsolo.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.bundle.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  @Test
  void everyPresetBuildsAndFollowsTheReferenceTable() {
    for (String name : Presets.names()) {
      ModelConfig c = Presets.get(name, 80);
      assertEquals(5, c.levels().size(), name);
      assertEquals(PostProcessConfig.REFERENCE, c.postProcess(), name);
    }
    ModelConfig r50 = Presets.get("r50", 80);
    assertEquals(List.of(40, 36, 24, 16, 12), r50.levels().stream().map(LevelConfig::grid).toList());
    assertEquals(List.of(8, 8, 16, 32, 32), r50.levels().stream().map(LevelConfig::stride).toList());
    assertEquals(new LevelConfig(6, 12, 32, 384, 2048), r50.levels().get(4));
    assertEquals(new HeadConfig(4, 512, 256, 128, 32, 0.01), r50.head());
    ModelConfig light = Presets.get("light-r50@448", 80);
    assertEquals(new HeadConfig(2, 256, 128, 128, 32, 0.01), light.head());
    assertEquals(448, light.input().height());
    assertEquals(new LevelConfig(2, 40, 8, 1, 56), light.levels().get(0));
    assertEquals(112, light.maskHeight());
    ModelConfig nano = Presets.get("nano", 3);
    assertEquals(2, nano.head().maskStride());
    assertEquals(128, nano.maskWidth());
  }

  @Test
  void modelCardsWrittenBeforeTheMaskStrideExistedReadAsThePapersQuarterScale() throws Exception {
    HeadConfig nanoHead = Presets.get("nano", 3).head();
    String json = Json.MAPPER.writeValueAsString(nanoHead);
    assertTrue(json.contains("\"maskStride\" : 2"), json);
    assertEquals(nanoHead, Json.MAPPER.readValue(json, HeadConfig.class));
    String old = json.replaceAll(",\\s*\"maskStride\" : 2", "");
    assertEquals(4, Json.MAPPER.readValue(old, HeadConfig.class).maskStride(), old);
  }

  @Test
  void modelCardsWrittenBeforeDeformableConvolutionsReadAsPlain() throws Exception {
    ModelConfig dcn = Presets.get("r101-dcn", 80);
    String head = Json.MAPPER.writeValueAsString(dcn.head());
    String backbone = Json.MAPPER.writeValueAsString(dcn.backbone());
    assertEquals(dcn.head(), Json.MAPPER.readValue(head, HeadConfig.class));
    assertEquals(dcn.backbone(), Json.MAPPER.readValue(backbone, BackboneConfig.class));
    HeadConfig oldHead = Json.MAPPER.readValue(head.replaceAll(",\\s*\"towerConvs\" : \\[[^]]*]", "")
        .replaceAll(",\\s*\"maskFeatureConv\" : \"MODULATED\"", ""), HeadConfig.class);
    assertEquals(List.of(ConvKind.PLAIN, ConvKind.PLAIN, ConvKind.PLAIN, ConvKind.PLAIN), oldHead.towerConvs());
    assertEquals(ConvKind.PLAIN, oldHead.maskFeatureConv());
    BackboneConfig oldBackbone = Json.MAPPER.readValue(backbone.replaceAll(",\\s*\"stageConvs\" : \\[[^]]*]", "")
        .replaceAll(",\\s*\"(cardinality|groupWidth)\" : \\d+", ""), BackboneConfig.class);
    assertTrue(!backbone.contains("cardinality") || oldBackbone.cardinality() == 1);
    assertEquals(Presets.get("r101", 80).backbone(), oldBackbone);
    BackboneConfig resnext = Presets.get("x101-dcn", 80).backbone();
    assertEquals(resnext, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(resnext), BackboneConfig.class));
    assertEquals(256, resnext.bottleneckWidth(0), "64 groups of 4");
    assertEquals(2048, resnext.bottleneckWidth(3));
  }

  @Test
  void badValuesFailNamingTheSetting() {
    assertMessage(() -> Presets.get("r51", 80), "invalid model setting preset = r51");
    assertMessage(() -> Presets.get("nano@250", 3), "input.height = 250: must be a multiple of 32");
    assertMessage(() -> Presets.get("nano@big", 3), "size after @");
    assertMessage(() -> Presets.get("nano", 0), "numClasses = 0");
    assertMessage(() -> new HeadConfig(4, 500, 256, 128, 32, 0.01), "head.channels = 500: must be a multiple of 32");
    assertMessage(() -> new HeadConfig(2, 64, 32, 32, 8, 0.01, 3), "head.maskStride = 3: must be 2 or 4");
    assertMessage(() -> new LevelConfig(7, 12, 32, 1, 2), "levels.fpnLevel = 7");
    assertMessage(() -> new LevelConfig(3, 12, 32, 90, 20), "levels.scaleMax = 20");
    assertMessage(() -> new PostProcessConfig(1.5f, 0.5f, 500, NmsKernel.GAUSSIAN, 2f, 0.05f, 100),
        "postProcess.scoreThreshold = 1.5");
    assertMessage(() -> new PostProcessConfig(0.1f, 0.5f, 50, NmsKernel.GAUSSIAN, 2f, 0.05f, 100),
        "postProcess.maxDetections = 100: must be <= preNmsTopK 50");
    assertMessage(() -> new BackboneConfig(BlockType.BASIC, List.of(1, 1, 1), 64, BackboneNorm.FROZEN_BATCH_NORM, 32),
        "backbone.blocksPerStage");
    assertMessage(() -> Presets.get("nano", 3).withLevels(List.of(
        new LevelConfig(3, 12, 8, 1, 64), new LevelConfig(3, 10, 8, 1, 64))), "levels = P3: is listed twice");
  }

  @Test
  void aSingleLevelIsAllowed() {
    ModelConfig one = Presets.get("nano", 2).withLevels(List.of(new LevelConfig(3, 16, 8, 1, 256)));
    assertEquals(256, one.totalCells());
  }

  private static void assertMessage(Runnable r, String expected) {
    var e = assertThrows(InvalidConfigException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
