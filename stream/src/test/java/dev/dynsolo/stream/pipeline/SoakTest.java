package dev.dynsolo.stream.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.InitialWeights;
import dev.dynsolo.stream.overlay.Overlay;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.source.SourceSpec;
import dev.dynsolo.stream.source.SyntheticSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-running flat-memory check (not in CI): a live synthetic source through the real pipeline,
 * overlay and a rotating recorder for {@code -Dsoak.minutes=N}, sampling resident memory every
 * 30 s. Run: {@code ./mvnw -pl stream -am test -Dtest=SoakTest -Dsoak.minutes=10 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "\\d+")
class SoakTest {
  @TempDir Path dir;

  @Test
  void residentMemoryStaysFlat() throws Exception {
    int minutes = Integer.getInteger("soak.minutes");
    ModelConfig config = Presets.get("nano", 3);
    Path bundle = dir.resolve("model");
    BundleWriter.write(bundle, config, InitialWeights.create(config, 1), List.of("a", "b", "c"), "soak");
    List<long[]> samples = new ArrayList<>();
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults());
        InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(4, Duration.ofMillis(50)),
            new PipelineMetrics(new SimpleMeterRegistry()));
        SegmentedRecorder recorder = new SegmentedRecorder(dir.resolve("rec"), "soak", 15, 30)) {
      segmenter.setThresholds(new Thresholds(0f, 0.5f, 0f, NmsKernel.GAUSSIAN, 2f));
      SyntheticSource source = new SyntheticSource(SourceSpec.parse("soak", "demo").withTargetFps(15), 1);
      Overlay overlay = new Overlay(OverlaySettings.DEFAULT);
      long start = System.nanoTime();
      long[] next = {start};
      pipeline.run(List.of(source)).take(Duration.ofMinutes(minutes)).doOnNext(f -> {
        recorder.write(overlay.draw(f, 15), (f.frame().capturedNanos() - start) / 1000);
        if (System.nanoTime() >= next[0]) {
          samples.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, rssKb(), f.frame().sequence()});
          next[0] += 30_000_000_000L;
        }
      }).blockLast();
      source.close();
    }
    System.out.println("seconds, rss kB, frames");
    samples.forEach(s -> System.out.println(s[0] + ", " + s[1] + ", " + s[2]));
    long warm = samples.get(Math.min(2, samples.size() - 1))[1];
    long last = samples.get(samples.size() - 1)[1];
    assertTrue(last - warm < 100_000, "resident memory grew " + (last - warm) + " kB after warm-up");
  }

  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
