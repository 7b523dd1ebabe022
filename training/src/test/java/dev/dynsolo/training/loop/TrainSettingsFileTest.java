package dev.dynsolo.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.training.graph.OptimizerKind;
import dev.dynsolo.model.runtime.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainSettingsFileTest {
  @TempDir Path dir;

  @Test
  void fileOverridesDefaultsAndFlagsOverrideTheFile() throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file,
        "trainAnnotations: a.json\nepochs: 3\noptimizer: ADAM\nprecision: bf16\naugment:\n  scaleMax: 1.5\n");
    TrainSettings s = TrainSettingsFile.read(file, Map.of("epochs", 5));
    assertEquals(5, s.epochs());
    assertEquals(Precision.BF16, s.precision());
    assertEquals(Precision.AUTO, TrainSettingsFile.read(dir.resolve("t.yaml"), Map.of("precision", "auto"))
        .precision());
    assertEquals(OptimizerKind.ADAM, s.optimizer());
    assertEquals(1.5, s.augment().scaleMax());
    assertEquals(0.7, s.augment().scaleMin()); // from the defaults
    assertEquals(8, s.batchSize());
  }

  /**
   * Every training file shipped in config/ (the demo model's stages, the reference) reads without
   * an unknown key or a bad value, and the demo stages keep the schedule their comments describe.
   */
  @Test
  void shippedTrainingFilesRead() throws Exception {
    List<Path> files;
    try (var listing = Files.list(Path.of("../config"))) {
      files = listing.filter(f -> f.getFileName().toString().matches("(train|finetune)-.*\\.yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 5, "training files in config/: " + files);
    for (Path f : files) { // the reference lists every key but names no data
      TrainSettingsFile.read(f, f.endsWith("train-reference.yaml") ? Map.of("trainAnnotations", "a.json") : Map.of());
    }
    TrainSettings stage4 = TrainSettingsFile.read(Path.of("../config/finetune-shapes-shared-stage4.yaml"), Map.of());
    assertEquals(10, stage4.epochs());
    assertEquals(List.of(8), stage4.decayEpochs());
    assertEquals("../data/shapes-shared-s9/annotations/train.json", stage4.trainAnnotations());
  }

  @Test
  void badKeysAndValuesAreNamedOnOneLine() throws Exception {
    Path file = dir.resolve("bad.yaml");
    String unknown = refusal(file, "trainAnnotations: a.json\nbatchsize: 3\n");
    assertTrue(unknown.contains("unknown key 'batchsize'"), unknown);

    String range = refusal(file, "trainAnnotations: a.json\nepochs: 0\n");
    assertTrue(range.contains("epochs = 0: must be > 0"), range);

    String precision = refusal(file, "trainAnnotations: a.json\nprecision: fp16\n");
    assertTrue(precision.contains("precision") && precision.contains("fp16"), precision);

    String kind = refusal(file, "trainAnnotations: a.json\noptimizer: rmsprop\n");
    assertTrue(kind.contains("rmsprop"), kind);
    assertEquals(-1, kind.indexOf('\n'));

    String decay = refusal(file, "trainAnnotations: a.json\nlearningRateDecay: linear\ndecayEpochs: [3]\n");
    assertTrue(decay.contains("decayEpochs") && decay.contains("step only"), decay);

    String weight = refusal(file, "trainAnnotations: a.json\nclassCrossEntropyWeight: -1\n");
    assertTrue(weight.contains("classCrossEntropyWeight = -1.0: must be >= 0"), weight);

    String yaml = refusal(file, "trainAnnotations: [a, \n");
    assertTrue(yaml.contains("not valid YAML"), yaml);
  }

  /** Writes {@code text} to {@code file} and returns the message reading it fails with. */
  private static String refusal(Path file, String text) throws Exception {
    Files.writeString(file, text);
    return assertThrows(IllegalArgumentException.class, () -> TrainSettingsFile.read(file, Map.of())).getMessage();
  }

  @Test
  void scheduleWarmsUpThenDecaysAndOrdersDataBySeed() {
    // 10 images, batch 2: 5 steps per epoch; warm-up over 4 steps from 1 %; x0.1 at epochs 2 and 3.
    TrainingSchedule s = new TrainingSchedule(10, 2, 4, 3, 0.1f, 4, 0.01f, List.of(2, 3), LearningRateDecay.STEP);
    assertEquals(5, s.stepsPerEpoch());
    assertEquals(0.001f, s.learningRate(0), 1e-7);
    assertEquals(0.1f * (0.01f + 0.99f * 0.5f), s.learningRate(2), 1e-7);
    assertEquals(0.1f, s.learningRate(4), 1e-7);
    assertEquals(0.1f, s.learningRate(9), 1e-7);
    assertEquals(0.01f, s.learningRate(10), 1e-7);
    assertEquals(0.001f, s.learningRate(15), 1e-7);
    TrainingSchedule again = new TrainingSchedule(10, 2, 4, 3, 0.1f, 4, 0.01f, List.of(2, 3), LearningRateDecay.STEP);
    java.util.Set<Integer> epoch = new java.util.HashSet<>();
    for (int i = 0; i < 10; i++) {
      assertEquals(s.sampleAt(i), again.sampleAt(i));
      epoch.add(s.sampleAt(i).imageIndex());
    }
    assertEquals(10, epoch.size()); // every image once per epoch
  }

  @Test
  void linearDecayFallsInAStraightLineFromTheEndOfWarmUpToOnePercent() {
    // 10 images, batch 2, 4 epochs: 20 steps; warm-up over 4 steps, then 16 steps down to 1 %.
    TrainingSchedule s = new TrainingSchedule(10, 2, 4, 3, 0.1f, 4, 0.01f, List.of(), LearningRateDecay.LINEAR);
    assertEquals(0.001f, s.learningRate(0), 1e-7);
    assertEquals(0.1f, s.learningRate(4), 1e-7);
    assertEquals(0.05f, s.learningRate(12), 1e-7);
    assertEquals(0.1f / 16, s.learningRate(19), 1e-7);
    for (int step = 5; step < 20; step++) {
      assertTrue(s.learningRate(step) < s.learningRate(step - 1), "falls at step " + step);
    }
    assertEquals(0.001f, s.learningRate(20), 1e-7); // never below 1 %
  }
}
