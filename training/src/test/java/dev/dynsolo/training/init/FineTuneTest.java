package dev.dynsolo.training.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynsolo.training.loop.TrainResult;
import dev.dynsolo.training.loop.TrainSettings;
import dev.dynsolo.training.loop.TrainSettingsFile;
import dev.dynsolo.training.loop.Trainer;
import dev.dynsolo.training.shapes.ShapesDatasetWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init} from the demo bundle onto data with another class list: everything but the
 * category output starts as the demo model's, the category output starts afresh (prior 0.01).
 */
class FineTuneTest {
  @TempDir Path dir;

  @Test
  void anotherClassListKeepsAllButTheCategoryOutput() throws Exception {
    ShapesDatasetWriter.write(dir, "train", 2, 256, 256, 3, 4);
    Path annotations = dir.resolve("annotations/train.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode doc = (ObjectNode) json.readTree(annotations.toFile());
    for (var category : doc.withArray("categories")) {
      ((ObjectNode) category).put("name", "shape-" + category.path("id").asInt());
    }
    json.writeValue(annotations.toFile(), doc);
    TrainSettings settings = TrainSettingsFile.read(null, Map.of("trainAnnotations", "annotations/train.json",
        "trainImages", "images", "batchSize", 2, "epochs", 1, "learningRate", 1e-9, "warmupSteps", 0,
        "validateEveryEpochs", 0, "init", Path.of("../models/demo").toAbsolutePath().toString()));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainResult result = new Trainer(settings, dir.resolve("run"), dir, new PrintStream(log)).run(false);
    assertTrue(log.toString().contains("category output re-initialised for 3 classes"), log.toString());

    InitialModel demo = InitialModels.load(Path.of("../models/demo"));
    InitialModel tuned = InitialModels.load(result.bundle());
    assertEquals(java.util.List.of("shape-1", "shape-2", "shape-3"), tuned.classNames());
    float[] before = demo.weights().get("backbone.layer3.0.conv1.weight").values();
    float[] after = tuned.weights().get("backbone.layer3.0.conv1.weight").values();
    assertArrayEquals(before, after, 1e-5f, "kept from the demo model (one step at lr 1e-9)");
    float prior = (float) -Math.log((1 - 0.01) / 0.01);
    for (float b : tuned.weights().get("bbox_head.solo_cate.bias").values()) {
      assertEquals(prior, b, 1e-4, "category bias starts at the prior");
    }
    float[] demoBias = demo.weights().get("bbox_head.solo_cate.bias").values();
    assertTrue(Math.abs(demoBias[0] - prior) > 0.1, "the demo model's own category bias moved away from the prior");
  }
}
