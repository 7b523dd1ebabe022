package dev.dynsolo.model.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.graph.InferenceGraph;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.weights.InitialWeights;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightSet;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;

class BundleRoundTripTest {
  private static final int SIZE = 256;

  @TempDir Path dir;

  private static RawRun trainingForm(ModelConfig config, WeightSet weights, byte[] pixels, int batch) {
    try (Graph graph = new Graph()) {
      InferenceGraph g = InferenceGraph.build(graph, config, 0, BuildMode.TRAINING);
      try (Session session = new Session(graph)) {
        SessionWeights.assign(graph, session, g.variables(), weights);
        return RawRun.of(session, g, pixels, batch, SIZE);
      }
    }
  }

  @Test
  void exportedBundleWithFoldedBatchNormGivesTheTrainingGraphsOutputs() {
    ModelConfig config = TestModels.nanoWithBatchNorm(3);
    WeightSet weights = InitialWeights.create(config, 11);
    TestModels.randomiseBatchNorm(weights, 5);
    Path bundleDir = dir.resolve("bundle");
    BundleWriter.write(bundleDir, config, weights, TestModels.classNames(3), "test");

    byte[] pixels = TestModels.randomPixels(2 * SIZE * SIZE * 3, 3);
    RawRun expected = trainingForm(config, weights, pixels, 2);
    try (LoadedBundle bundle = LoadedBundle.open(bundleDir, RuntimeOptions.defaults())) {
      ServingSignature s = bundle.signature();
      RawRun actual = RawRun.of(bundle.savedModel().session(), s.images(), s.scoreThreshold().orElseThrow(),
          s.updateThreshold().orElseThrow(), s.scores(), s.classes(), s.masks(), s.count(), pixels, 2, SIZE);
      assertTrue(expected.count()[0] > 0, "permissive thresholds should give detections");
      assertArrayEquals(expected.count(), actual.count());
      assertArrayEquals(expected.scores(), actual.scores(), 1e-4f);
      assertArrayEquals(expected.classes(), actual.classes());
      assertArrayEquals(expected.masks(), actual.masks(), 1e-3f);
      assertEquals(List.of("class0", "class1", "class2"), bundle.card().classNames());
      assertEquals(config, bundle.card().model());
    }
  }

  @Test
  void aFreshJvmLoadsTheBundleAndGetsIdenticalOutputs() throws Exception {
    ModelConfig config = TestModels.nanoWithBatchNorm(2);
    WeightSet weights = InitialWeights.create(config, 4);
    Path bundleDir = dir.resolve("fresh");
    BundleWriter.write(bundleDir, config, weights, TestModels.classNames(2), "test");
    RawRun here;
    try (LoadedBundle bundle = LoadedBundle.open(bundleDir, RuntimeOptions.defaults())) {
      ServingSignature s = bundle.signature();
      here = RawRun.of(bundle.savedModel().session(), s.images(), s.scoreThreshold().orElseThrow(),
          s.updateThreshold().orElseThrow(), s.scores(), s.classes(), s.masks(), s.count(),
          TestModels.randomPixels(SIZE * SIZE * 3, 9), 1, SIZE);
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), BundleProbe.class.getName(), bundleDir.toString(),
        String.valueOf(SIZE), "9"));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    String[] lines = output.strip().split("\n");
    assertEquals("count " + here.count()[0], lines[0]);
    for (int i = 0; i < here.scores().length; i++) {
      assertEquals(here.scores()[i], Float.parseFloat(lines[i + 1]), "score " + i);
    }
  }

  @Test
  void missingPartialAndIncompatibleBundlesAreNamedClearly() throws Exception {
    Path absent = dir.resolve("absent");
    var e1 = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
        () -> LoadedBundle.open(absent, RuntimeOptions.defaults()));
    assertTrue(e1.getMessage().contains("does not exist"), e1.getMessage());

    ModelConfig config = TestModels.nanoWithBatchNorm(2);
    Path good = dir.resolve("good");
    BundleWriter.write(good, config, InitialWeights.create(config, 1), TestModels.classNames(2), "test");

    Path noCard = copy(good, "nocard");
    Files.delete(noCard.resolve("model.json"));
    assertMessage(noCard, "has no model.json");

    Path noVariables = copy(good, "novars");
    dev.dynsolo.model.io.FileTrees.deleteRecursively(noVariables.resolve("variables"));
    assertMessage(noVariables, "has no variables/");

    Path badJson = copy(good, "badjson");
    Files.writeString(badJson.resolve("model.json"), "{ \"formatVersion\": 1, ");
    assertMessage(badJson, "is not a valid model card");

    Path future = copy(good, "future");
    String card = Files.readString(future.resolve("model.json"));
    Files.writeString(future.resolve("model.json"), card.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    assertMessage(future, "format version 99");

    Path wrongSize = copy(good, "wrongsize");
    String card2 = Files.readString(wrongSize.resolve("model.json"));
    Files.writeString(wrongSize.resolve("model.json"),
        card2.replaceFirst("\"height\" : 256", "\"height\" : 320"));
    assertMessage(wrongSize, "must be [?, 320, 256, 3]");
  }

  private static void assertMessage(Path bundle, String expected) {
    var e = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
        () -> LoadedBundle.open(bundle, RuntimeOptions.defaults()));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private Path copy(Path from, String name) throws Exception {
    Path to = dir.resolve(name);
    dev.dynsolo.model.io.FileTrees.copyRecursively(from, to);
    return to;
  }
}
