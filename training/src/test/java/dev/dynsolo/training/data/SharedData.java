package dev.dynsolo.training.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds the real COCO photographs in ../shared/data, or skips the test with a visible reason. */
public final class SharedData {
  private SharedData() {}

  public static Path cocoTiny() {
    for (String candidate : new String[] {"../../shared/data/coco-tiny-38", "../shared/data/coco-tiny-38"}) {
      Path p = Path.of(candidate);
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    Assumptions.abort("../shared/data/coco-tiny-38 is absent (a fresh clone has no shared data): skipped");
    return null; // not reached
  }
}
