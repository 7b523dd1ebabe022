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

  @Test
  void aBrokenFileIsNamed() throws Exception {
    Files.writeString(dir.resolve("b.json"), "{ not json");
    var e = assertThrows(DatasetException.class, () -> LabelMeLoader.load(dir, BadAnnotationPolicy.FAIL));
    assertTrue(e.getMessage().startsWith(dir.resolve("b.json") + ": malformed JSON"), e.getMessage());
  }
}
