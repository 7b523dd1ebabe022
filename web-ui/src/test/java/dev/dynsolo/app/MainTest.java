package dev.dynsolo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Commands fail with one line naming the problem and a non-zero exit. */
class MainTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int code = cli.execute(args);
    return new Run(code, err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "serve", "run", "make-shapes", "train", "eval", "export"}) {
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
  void makeShapesWritesACocoDataset() {
    assertEquals(0, run("make-shapes", "--out", dir.toString(), "--train", "3", "--val", "2", "--size", "64").code());
    assertTrue(Files.isRegularFile(dir.resolve("annotations/train.json")));
    assertTrue(Files.isRegularFile(dir.resolve("images/val/000001.png")));
  }
}
