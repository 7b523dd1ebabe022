package dev.dynsolo.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.training.shapes.ShapesDatasetWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped after a checkpoint and resumed continues exactly as an uninterrupted run. */
class ResumeTest {
  @TempDir Path dir;

  private TrainSettings settings() {
    return settings(0.01);
  }

  private TrainSettings settings(double learningRate) {
    return TrainSettingsFile.read(null, Map.of("trainAnnotations", "annotations/train.json", "trainImages", "images",
        "batchSize", 2, "epochs", 2, "learningRate", learningRate, "warmupSteps", 2, "validateEveryEpochs", 0,
        "checkpointEverySteps", 2, "keepCheckpoints", 10));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  @Test
  void resumingFromAMidRunCheckpointReproducesTheRestOfTheRun() throws Exception {
    ShapesDatasetWriter.write(dir, "train", 6, 256, 256, 3, 2);
    Path full = dir.resolve("full");
    new Trainer(settings(), full, dir, quiet()).run(false);
    List<MetricsLog.StepRow> expected = new MetricsLog(full).readSteps();
    assertEquals(6, expected.size()); // 3 steps per epoch, 2 epochs

    // Simulate a kill after step 2: keep only what existed then (checkpoint 2, metrics up to 2 and a bit more).
    Path killed = dir.resolve("killed");
    Files.createDirectories(killed.resolve("checkpoints"));
    dev.dynsolo.model.io.FileTrees.copyRecursively(full.resolve("checkpoints/step-00000002"), killed.resolve("checkpoints/step-00000002"));
    Files.createDirectories(killed.resolve("checkpoints/.step-00000004.partial")); // a half-written checkpoint
    List<String> lines = Files.readAllLines(full.resolve("metrics.csv"));
    Files.write(killed.resolve("metrics.csv"), lines.subList(0, 4)); // header + steps 1..3

    var refused = assertThrows(IllegalStateException.class, () -> new Trainer(settings(), killed, dir, quiet()).run(false));
    assertTrue(refused.getMessage().contains("--resume"), refused.getMessage());

    var changed = assertThrows(IllegalStateException.class,
        () -> new Trainer(settings(0.02), killed, dir, quiet()).run(true));
    assertTrue(changed.getMessage().contains("settings.learningRate: checkpoint 0.01, now 0.02"), changed.getMessage());
    Checkpoints.State state = Checkpoints.readState(killed.resolve("checkpoints/step-00000002"));
    assertEquals(List.of("circle", "square", "triangle"), state.classNames());
    assertEquals("nano", state.model().preset(), "the full model config is recorded");
    assertTrue(state.mismatch(state.model(), settings(), List.of("circle", "square"), 6).orElseThrow()
        .startsWith("classes: checkpoint [circle, square, triangle], data now [circle, square]"));

    new Trainer(settings(), killed, dir, quiet()).run(true);
    List<MetricsLog.StepRow> resumed = new MetricsLog(killed).readSteps();
    assertEquals(6, resumed.size());
    for (int i = 0; i < 6; i++) {
      assertEquals(expected.get(i).step(), resumed.get(i).step());
      assertEquals(expected.get(i).learningRate(), resumed.get(i).learningRate(), 1e-9);
      assertEquals(expected.get(i).loss(), resumed.get(i).loss(), 1e-4, "loss at step " + (i + 1));
    }
  }
}
