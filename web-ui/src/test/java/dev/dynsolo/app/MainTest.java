package dev.dynsolo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Commands fail with one line naming the problem and a non-zero exit. */
class MainTest {
  @TempDir Path dir;

  private record Run(int code, String err, String out) {}

  /** Runs a command; what it prints to standard output is captured too. */
  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    PrintStream console = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cli.execute(args);
      return new Run(code, err.toString(), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(console);
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "serve", "run", "make-shapes", "make-scenes", "train", "eval", "export", "import"}) {
      assertEquals(0, run(command, "--help").code(), command);
    }
  }

  @Test
  void badInputGivesOneLineAndANonZeroExit() throws Exception {
    Run missingBundle = run("eval", "--model", dir.resolve("nope").toString(), "--data", dir.resolve("d.json").toString());
    assertEquals(1, missingBundle.code());
    assertTrue(missingBundle.err().startsWith("error: "), missingBundle.err());
    assertEquals(1, missingBundle.err().strip().lines().count(), missingBundle.err());

    Path config = dir.resolve("train.yaml");
    Files.writeString(config, "trainAnnotations: x.json\nepoch: 3\n");
    Run badKey = run("train", "--config", config.toString(), "--runs", dir.toString());
    assertEquals(1, badKey.code());
    assertTrue(badKey.err().contains("unknown key 'epoch'"), badKey.err());

    Run missingData = run("train", "--data", dir.resolve("absent.json").toString(), "--runs", dir.toString());
    assertEquals(1, missingData.code());
    assertTrue(missingData.err().contains("absent.json not found"), missingData.err());

    Run noCheckpoint = run("export", "--checkpoint", dir.toString(), "--out", dir.resolve("b").toString());
    assertEquals(1, noCheckpoint.code());
    assertTrue(noCheckpoint.err().contains("no checkpoint in"), noCheckpoint.err());

    assertEquals(2, run("train", "--no-such-flag").code());

    Run badSource = run("run", "--source", "ftp://example/x", "--model", dir.toString());
    assertEquals(1, badSource.code());
    assertTrue(badSource.err().startsWith("error: unsupported source scheme"), badSource.err());
  }

  @Test
  void aTruncatedCheckpointIsRefusedInOneLine() throws Exception {
    Path cut = dir.resolve("SOLOv2_cut.pth");
    byte[] zipStart = {'P', 'K', 3, 4, 20, 0, 0, 0};
    Files.write(cut, zipStart);
    Run result = run("import", "--checkpoint", cut.toString(), "--out", dir.resolve("bundle").toString());
    assertEquals(1, result.code());
    assertTrue(result.err().startsWith("error: checkpoint ") && result.err().contains("truncated"), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(Files.notExists(dir.resolve("bundle")), "nothing written");
  }

  /**
   * The user's path with an authors' checkpoint: {@code import} it, then {@code run} the bundle on
   * a real photograph; the events list the instances the authors' code finds on it (the oracle
   * fixture's crop, 29 instances).
   */
  @Test
  void importedCheckpointRunsOnAPhoto() throws Exception {
    Path oracle = Path.of("../../shared/reference/solov2-oracle");
    if (!Files.isDirectory(oracle)) {
      oracle = Path.of("../shared/reference/solov2-oracle");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(oracle),
        "../shared/reference/solov2-oracle is absent (a fresh clone has no shared data): skipped");
    Path bundle = dir.resolve("light-r18");
    assertEquals(0, run("import", "--checkpoint", oracle.resolve("checkpoint_mmdet_legacy_fp16.pth").toString(),
        "--out", bundle.toString()).code());
    assertTrue(Files.readString(bundle.resolve("model.json")).contains("KEEP_RATIO"));
    assertEquals(29, instancesFoundOn(oracle.resolve("crop_pad.png"), bundle));
  }

  /**
   * The same path with a deformable (DCN) checkpoint, core-model's DCN oracle fixture: {@code import}
   * names the deformable layers it found, and {@code run} on the photograph's crop finds the 21
   * instances the authors' code finds on it.
   */
  @Test
  void importedDeformableCheckpointRunsOnAPhoto() throws Exception {
    Path fixture = Path.of("../core-model/src/test/resources/oracle-dcn");
    Path bundle = dir.resolve("dcn");
    Run imported = run("import", "--checkpoint", fixture.resolve("checkpoint_dcn_wxinlong_fp16.pth").toString(),
        "--out", bundle.toString());
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().contains("deformable: layer2 modulated, layer3 modulated, layer4 modulated, head layer 2"
        + " deformable"), imported.out());
    assertEquals(21, instancesFoundOn(fixture.resolve("crop_pad.png"), bundle));
  }

  /** {@code run} of the bundle on one image: how many instances its event line lists. */
  private int instancesFoundOn(Path image, Path bundle) throws Exception {
    Path events = dir.resolve("events-" + bundle.getFileName() + ".jsonl");
    Run result = run("run", "--source", image.toString(), "--model", bundle.toString(), "--events", events.toString());
    assertEquals(0, result.code(), result.err());
    String line = Files.readAllLines(events).get(0);
    return line.split("\"class\"", -1).length - 1;
  }

  @Test
  void exportWritesABundleAnewWithTheBf16Signature() throws Exception {
    Path out = dir.resolve("demo-again");
    assertEquals(0, run("export", "--bundle", "../models/demo", "--out", out.toString()).code());
    String graph = new String(Files.readAllBytes(out.resolve("saved_model.pb")), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(graph.contains("serving_default") && graph.contains("serving_bf16"));
    assertTrue(Files.readString(out.resolve("model.json")).contains("\"circle\""));
    Run both = run("export", "--bundle", "../models/demo", "--checkpoint", dir.toString(), "--out", out.toString());
    assertEquals(1, both.code());
    assertTrue(both.err().contains("exactly one of --checkpoint or --bundle"), both.err());
  }

  @Test
  void makeShapesWritesACocoDataset() {
    assertEquals(0, run("make-shapes", "--out", dir.toString(), "--train", "3", "--val", "2", "--size", "64").code());
    assertTrue(Files.isRegularFile(dir.resolve("annotations/train.json")));
    assertTrue(Files.isRegularFile(dir.resolve("images/val/000001.png")));
  }

  /**
   * {@code eval} of the demo model on shapes it never saw, straight after {@code make-shapes} (no
   * {@code --images}: the images folder beside the annotations is found): the summary file names
   * the precision it ran in, and the detections it writes, scored again with {@code --results},
   * give the same AP.
   */
  @Test
  void evalWritesASummaryAndDetectionsThatScoreTheSameAgain() throws Exception {
    assertEquals(0, run("make-shapes", "--out", dir.toString(), "--train", "1", "--val", "6", "--size", "256",
        "--seed", "41").code());
    String data = dir.resolve("annotations/val.json").toString();
    Path summary = dir.resolve("summary.json");
    Path detections = dir.resolve("detections.json");
    Run eval = run("eval", "--model", "../models/demo", "--data", data, "--out", summary.toString(),
        "--detections", detections.toString());
    assertEquals(0, eval.code(), eval.err());
    com.fasterxml.jackson.databind.JsonNode ran = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(summary.toFile());
    assertEquals("fp32", ran.get("precision").asText());
    assertEquals(6, ran.get("images").asInt());
    assertTrue(ran.get("AP").asDouble() > 0.3, "the demo model finds shapes: " + ran);

    Path rescored = dir.resolve("rescored.json");
    assertEquals(0, run("eval", "--results", detections.toString(), "--data", data, "--out", rescored.toString()).code());
    com.fasterxml.jackson.databind.JsonNode again = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(rescored.toFile());
    assertEquals(ran.get("AP").asDouble(), again.get("AP").asDouble(), 1e-9);
    assertTrue(again.get("precision") == null, "a results file has no precision: " + again);
  }

  @Test
  void makeScenesWritesACocoDatasetAndRefusesAFrameTooSmall() {
    assertEquals(0, run("make-scenes", "--out", dir.toString(), "--train", "3", "--val", "1").code());
    assertTrue(Files.isRegularFile(dir.resolve("annotations/val.json")));
    assertTrue(Files.isRegularFile(dir.resolve("images/train/000002.png")));
    Run small = run("make-scenes", "--out", dir.resolve("small").toString(), "--width", "200");
    assertEquals(1, small.code());
    assertTrue(small.err().contains("--width must be >= 400"), small.err());
  }
}
