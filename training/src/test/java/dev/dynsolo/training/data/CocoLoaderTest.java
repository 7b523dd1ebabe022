package dev.dynsolo.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Rle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoLoaderTest {
  @TempDir Path dir;

  private void image(String name, int w, int h) {
    ImageFiles.writePng(new RgbImage(w, h, new byte[w * h * 3]), dir.resolve("images").resolve(name));
  }

  private Path json(String body) throws Exception {
    Path file = dir.resolve("ann.json");
    Files.writeString(file, body);
    return file;
  }

  private static final String CATEGORIES = "\"categories\": [{\"id\": 18, \"name\": \"dog\"}, {\"id\": 3, \"name\": \"car\"}]";

  @Test
  void readsPolygonsRlesCrowdsAndNonContiguousIds() throws Exception {
    image("nested/a/one.png", 20, 10);
    Rle rle = new Rle(10, 20, new int[] {10, 5, 185}); // column 1, rows 0..4
    Path file = json("{" + CATEGORIES + ", \"images\": [{\"id\": 7, \"file_name\": \"nested/a/one.png\", \"width\": 20,"
        + " \"height\": 10}], \"annotations\": ["
        + "{\"id\": 1, \"image_id\": 7, \"category_id\": 18, \"iscrowd\": 0,"
        + " \"segmentation\": [[0,0, 4,0, 4,4, 0,4], [10,0, 12,0, 12,2, 10,2]]},"
        + "{\"id\": 2, \"image_id\": 7, \"category_id\": 3, \"iscrowd\": 1,"
        + " \"segmentation\": {\"size\": [10, 20], \"counts\": [10, 5, 185]}},"
        + "{\"id\": 3, \"image_id\": 7, \"category_id\": 3, \"iscrowd\": 0,"
        + " \"segmentation\": {\"size\": [10, 20], \"counts\": \"" + rle.toCocoString() + "\"}}]}");
    Dataset d = CocoLoader.load(file, dir.resolve("images"), BadAnnotationPolicy.FAIL);
    assertEquals(java.util.List.of("car", "dog"), d.classNames()); // ids 3, 18 -> classes 0, 1
    assertEquals(java.util.List.of(3L, 18L), d.categoryIds());
    ImageRecord r = d.images().get(0);
    assertEquals(3, r.instances().size());
    assertEquals(1, r.instances().get(0).classIndex());
    assertEquals(16 + 4, r.instances().get(0).mask().area()); // two polygon parts
    assertTrue(r.instances().get(1).crowd());
    assertEquals(rle, r.instances().get(2).mask());
  }

  @Test
  void badEntriesFailNamingFileAndAnnotationOrAreSkippedAndCounted() throws Exception {
    image("one.png", 8, 8);
    Path file = json("{" + CATEGORIES + ", \"images\": [{\"id\": 1, \"file_name\": \"one.png\", \"width\": 8, \"height\": 8},"
        + " {\"id\": 2, \"file_name\": \"missing.png\", \"width\": 8, \"height\": 8}], \"annotations\": ["
        + "{\"id\": 11, \"image_id\": 1, \"category_id\": 18, \"segmentation\": [[0,0, 4,4]]},"
        + "{\"id\": 12, \"image_id\": 1, \"category_id\": 99, \"segmentation\": [[0,0, 4,0, 4,4]]},"
        + "{\"id\": 13, \"image_id\": 1, \"category_id\": 3, \"segmentation\": [[0,0, 4,0, 4,4, 0,4]]}]}");
    var e = assertThrows(DatasetException.class, () -> CocoLoader.load(file, dir.resolve("images"), BadAnnotationPolicy.FAIL));
    assertTrue(e.getMessage().contains("image id 2") && e.getMessage().contains("missing.png"), e.getMessage());

    Dataset d = CocoLoader.load(file, dir.resolve("images"), BadAnnotationPolicy.SKIP);
    assertEquals(3, d.skipped().size());
    assertTrue(d.skipped().get(1).contains("annotation id 11: degenerate polygon"), d.skipped().get(1));
    assertTrue(d.skipped().get(2).contains("annotation id 12 has unknown category id 99"), d.skipped().get(2));
    assertEquals(1, d.instanceCount());
  }

  @Test
  void malformedJsonNamesTheFileAndLine() throws Exception {
    Path file = json("{\n  \"images\": [\n    {\"id\": 1,, }\n]}");
    var e = assertThrows(DatasetException.class, () -> CocoLoader.load(file, dir, BadAnnotationPolicy.FAIL));
    assertTrue(e.getMessage().startsWith(file + ": malformed JSON at line 3"), e.getMessage());
    var missing = assertThrows(DatasetException.class,
        () -> CocoLoader.load(dir.resolve("nope.json"), dir, BadAnnotationPolicy.FAIL));
    assertTrue(missing.getMessage().contains("not found"));
  }

  @Test
  void realCocoAnnotationsLoadAndRasteriseToTheirRecordedAreas() throws Exception {
    Path root = SharedData.cocoTiny();
    Dataset d = CocoLoader.load(root.resolve("annotations/instances_train2017.json"),
        root.resolve("images/train2017"), BadAnnotationPolicy.FAIL);
    assertEquals(80, d.classNames().size());
    assertEquals(32, d.images().size());
    assertEquals(288, d.instanceCount());
    assertEquals(4, d.images().stream().flatMap(i -> i.instances().stream()).filter(InstanceAnnotation::crowd).count());
    // Compare with the 'area' COCO recorded for each annotation (pycocotools' own rasterisation).
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        root.resolve("annotations/instances_train2017.json").toFile());
    java.util.Map<Long, Double> recorded = new java.util.HashMap<>();
    json.get("annotations").forEach(a -> recorded.put(a.get("id").asLong(), a.get("area").asDouble()));
    int checked = 0;
    for (ImageRecord r : d.images()) {
      for (InstanceAnnotation a : r.instances()) {
        double expected = recorded.get(a.id());
        if (!a.crowd() && expected > 500) {
          assertEquals(expected, a.mask().area(), expected * 0.05, "annotation " + a.id());
          checked++;
        }
      }
    }
    assertTrue(checked > 100);
  }
}
