package dev.dynsolo.model.bundle;

import dev.dynsolo.model.runtime.RuntimeOptions;
import java.nio.file.Path;

/** Loads a bundle in a fresh JVM and prints its raw outputs, one value per line (used by tests). */
public final class BundleProbe {
  public static void main(String[] args) {
    int size = Integer.parseInt(args[1]);
    byte[] pixels = TestModels.randomPixels(size * size * 3, Long.parseLong(args[2]));
    try (LoadedBundle bundle = LoadedBundle.open(Path.of(args[0]), RuntimeOptions.defaults())) {
      ServingSignature s = bundle.signature();
      RawRun run = RawRun.of(bundle.savedModel().session(), s.images(), s.scoreThreshold().orElseThrow(),
          s.updateThreshold().orElseThrow(), s.scores(), s.classes(), s.masks(), s.count(), pixels, 1, size);
      StringBuilder out = new StringBuilder();
      out.append("count ").append(run.count()[0]).append('\n');
      for (float v : run.scores()) {
        out.append(v).append('\n');
      }
      System.out.print(out);
    }
  }
}
