package dev.dynsolo.training.shapes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.synthetic.ShapeRenderer;
import dev.dynsolo.training.data.BadAnnotationPolicy;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.Datasets;
import dev.dynsolo.training.data.ImageRecord;
import dev.dynsolo.training.data.InstanceAnnotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovingScenesDatasetWriterTest {
  @TempDir
  Path dir;

  @Test
  void writesTheFramesAskedForWithTheirVisibleShapes() throws Exception {
    MovingScenesDatasetWriter.write(dir, "train", 23, 640, 480, 5); // two whole simulations and part of a third
    Dataset data = Datasets.open(dir.resolve("annotations/train.json"), dir.resolve("images"), BadAnnotationPolicy.FAIL);
    assertEquals(List.of("circle", "square", "triangle"), data.classNames());
    assertEquals(23, data.images().size());
    double minArea = ShapeRenderer.MIN_VISIBLE_AREA * 640.0 * 480 / (256 * 256);
    for (ImageRecord image : data.images()) {
      assertEquals(640, image.width());
      assertEquals(480, image.height());
      assertTrue(Files.isRegularFile(image.file()), image.file().toString());
      assertTrue(image.instances().size() >= 1 && image.instances().size() <= 7, image.file().toString());
      for (InstanceAnnotation a : image.instances()) {
        assertTrue(a.mask().area() >= minArea, a.id() + ": area " + a.mask().area());
        assertFalse(a.crowd());
      }
      // Visible parts do not overlap: a shape in front takes its pixels from the ones behind.
      boolean[] seen = new boolean[640 * 480];
      for (InstanceAnnotation a : image.instances()) {
        boolean[] bits = a.mask().toBitmap();
        for (int p = 0; p < bits.length; p++) {
          if (bits[p]) {
            assertFalse(seen[p], "two shapes own pixel " + p + " of " + image.file());
            seen[p] = true;
          }
        }
      }
    }
  }

  @Test
  void theSameSeedWritesTheSameDatasetAndAnotherSeedAnother() throws Exception {
    MovingScenesDatasetWriter.write(dir.resolve("a"), "val", 12, 640, 480, 9);
    MovingScenesDatasetWriter.write(dir.resolve("b"), "val", 12, 640, 480, 9);
    MovingScenesDatasetWriter.write(dir.resolve("c"), "val", 12, 640, 480, 10);
    byte[] a = Files.readAllBytes(dir.resolve("a/annotations/val.json"));
    assertArrayEquals(a, Files.readAllBytes(dir.resolve("b/annotations/val.json")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/images/val/000011.png")),
        Files.readAllBytes(dir.resolve("b/images/val/000011.png")));
    assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c/annotations/val.json"))));
  }
}
