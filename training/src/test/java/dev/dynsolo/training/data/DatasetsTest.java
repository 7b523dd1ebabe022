package dev.dynsolo.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.training.shapes.ShapesDatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a COCO JSON's images are looked for when no image root is named. */
class DatasetsTest {
  @TempDir Path dir;

  @Test
  void aShapesDatasetOpensWithoutAnImageRoot() {
    ShapesDatasetWriter.write(dir, "val", 2, 64, 64, 3, 1);
    Dataset data = Datasets.open(dir.resolve("annotations/val.json"), null, BadAnnotationPolicy.FAIL);
    assertEquals(2, data.images().size());
  }

  @Test
  void aJsonInAnAnnotationsFolderFindsTheImagesFolderBesideIt() throws Exception {
    Path annotations = Files.createDirectories(dir.resolve("annotations"));
    Files.createDirectories(dir.resolve("images"));
    assertEquals(dir.resolve("images").toAbsolutePath(), Datasets.defaultImageRoot(annotations.resolve("val.json")));
  }

  @Test
  void otherwiseTheJsonsOwnFolder() throws Exception {
    Path annotations = Files.createDirectories(dir.resolve("annotations"));
    assertEquals(annotations.toAbsolutePath(), Datasets.defaultImageRoot(annotations.resolve("val.json")),
        "no images folder beside it");
    Path elsewhere = Files.createDirectories(dir.resolve("coco"));
    Files.createDirectories(dir.resolve("images"));
    assertEquals(elsewhere.toAbsolutePath(), Datasets.defaultImageRoot(elsewhere.resolve("val.json")),
        "not in an annotations folder");
  }
}
