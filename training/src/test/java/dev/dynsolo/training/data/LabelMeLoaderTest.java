package dev.dynsolo.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelMeLoaderTest {
  @TempDir Path dir;

  @Test
  void readsPolygonsAndRectanglesWithLabelsAsClasses() throws Exception {
    ImageFiles.writePng(new RgbImage(16, 16, new byte[16 * 16 * 3]), dir.resolve("a.png"));
    Files.writeString(dir.resolve("a.json"), "{\"imagePath\": \"a.png\", \"imageWidth\": 16, \"imageHeight\": 16,"
        + " \"shapes\": [{\"label\": \"zebra\", \"shape_type\": \"polygon\", \"points\": [[0,0],[8,0],[8,8],[0,8]]},"
        + " {\"label\": \"ant\", \"shape_type\": \"rectangle\", \"points\": [[10,10],[14,12]]}]}");
    Dataset d = Datasets.open(dir, null, BadAnnotationPolicy.FAIL);
    assertEquals(java.util.List.of("ant", "zebra"), d.classNames());
    assertEquals(64, d.images().get(0).instances().get(0).mask().area());
    assertEquals(1, d.images().get(0).instances().get(0).classIndex());
    assertEquals(8, d.images().get(0).instances().get(1).mask().area());
  }

  /**
   * labelme's own layout (its examples/instance_segmentation): {@code data_annotated/} beside a
   * {@code labels.txt} that starts with {@code __ignore__} and {@code _background_}.
   */
  @Test
  void labelmeConventionsIgnoreRegionsAndLabelsFile() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("data_annotated"));
    Files.writeString(dir.resolve("labels.txt"), "__ignore__\n_background_\nzebra\nant\n");
    ImageFiles.writePng(new RgbImage(16, 16, new byte[16 * 16 * 3]), folder.resolve("a.png"));
    Files.writeString(folder.resolve("a.json"), "{\"imagePath\": \"a.png\", \"imageWidth\": 16, \"imageHeight\": 16,"
        + " \"shapes\": [{\"label\": \"ant\", \"shape_type\": \"polygon\", \"points\": [[0,0],[8,0],[8,8],[0,8]]},"
        + " {\"label\": \"__ignore__\", \"shape_type\": \"rectangle\", \"points\": [[10,10],[14,12]]}]}");
    Dataset d = Datasets.open(folder, null, BadAnnotationPolicy.FAIL);
    assertEquals(java.util.List.of("zebra", "ant"), d.classNames(), "labels.txt order, no __ignore__ class");
    var instances = d.images().get(0).instances();
    assertEquals(1, instances.get(0).classIndex());
    assertTrue(!instances.get(0).crowd());
    assertEquals(3, instances.size(), "one ant, and the ignore region once per class");
    for (int c = 0; c < 2; c++) {
      assertTrue(instances.get(1 + c).crowd(), "ignore regions are crowd (never targets, ignored by evaluation)");
      assertEquals(c, instances.get(1 + c).classIndex());
      assertEquals(8, instances.get(1 + c).mask().area());
    }

    Files.writeString(folder.resolve("a.json"), "{\"imagePath\": \"a.png\", \"imageWidth\": 16, \"imageHeight\": 16,"
        + " \"shapes\": [{\"label\": \"gnu\", \"shape_type\": \"polygon\", \"points\": [[0,0],[8,0],[8,8]]}]}");
    var e = assertThrows(DatasetException.class, () -> Datasets.open(folder, null, BadAnnotationPolicy.FAIL));
    assertTrue(e.getMessage().contains("has label 'gnu', which labels.txt does not list"), e.getMessage());
  }

  @Test
  void aBrokenFileIsNamed() throws Exception {
    Files.writeString(dir.resolve("b.json"), "{ not json");
    var e = assertThrows(DatasetException.class, () -> LabelMeLoader.load(dir, BadAnnotationPolicy.FAIL));
    assertTrue(e.getMessage().startsWith(dir.resolve("b.json") + ": malformed JSON"), e.getMessage());
  }
}
