package dev.dynsolo.stream.hub;

import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.source.SourceSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * Long-running flat-memory check (not in CI) of what a server runs: the real nano model behind a
 * {@link StreamHub} with two live synthetic streams, one recorded into rotating segments and one
 * watched as JPEG frames, while a third stream is added and removed every 20 s. Resident memory is
 * sampled every 30 s for {@code -Dsoak.minutes=N}. Run:
 * {@code ./mvnw -pl stream -am test -Dtest=SoakTest -Dsoak.minutes=10 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "\\d+")
class SoakTest {
  private static final long SAMPLE_NANOS = Duration.ofSeconds(30).toNanos();
  private static final long CHURN_NANOS = Duration.ofSeconds(20).toNanos();

  @TempDir Path dir;

  @Test
  void residentMemoryStaysFlat() throws Exception {
    long minutes = Long.getLong("soak.minutes");
    ModelConfig config = Presets.get("nano", 3);
    Path bundle = dir.resolve("model");
    BundleWriter.write(bundle, config, InitialWeights.create(config, 1), List.of("a", "b", "c"), "soak");
    List<String> samples = new ArrayList<>();
    List<Long> rss = new ArrayList<>();
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults());
        StreamHub hub = new StreamHub(segmenter,
            new HubSettings(new PipelineSettings(4, Duration.ofMillis(50)), dir.resolve("rec"), 15, 80, 8),
            OverlaySettings.DEFAULT, new PipelineMetrics(new SimpleMeterRegistry()), null)) {
      // Random weights: a low threshold keeps many instances (masks, polygons, overlay) per frame.
      segmenter.setThresholds(new Thresholds(0.05f, 0.5f, 0.05f, NmsKernel.GAUSSIAN, 2f));
      hub.add(SourceSpec.parse("recorded", "demo").withTargetFps(10));
      hub.add(SourceSpec.parse("watched", "demo").withTargetFps(10));
      hub.startRecording("recorded");
      AtomicLong jpegBytes = new AtomicLong();
      Disposable viewer = hub.frames("watched").subscribe(f -> jpegBytes.addAndGet(f.jpeg().length));
      long start = System.nanoTime();
      long end = start + Duration.ofMinutes(minutes).toNanos();
      long nextSample = start;
      long nextChurn = start + CHURN_NANOS;
      int churns = 0;
      while (System.nanoTime() < end) {
        long now = System.nanoTime();
        if (now >= nextChurn) {
          if (!hub.remove("churn")) {
            hub.add(SourceSpec.parse("churn", "demo").withTargetFps(10));
          }
          churns++;
          nextChurn += CHURN_NANOS;
        }
        if (now >= nextSample) {
          long kb = rssKb();
          rss.add(kb);
          samples.add(String.format("%d, %d, %d, %d, %d", (now - start) / 1_000_000_000L, kb,
              inferred(hub, "recorded"), inferred(hub, "watched"), jpegBytes.get() / 1024));
          nextSample += SAMPLE_NANOS;
        }
        Thread.sleep(200);
      }
      viewer.dispose();
      hub.stopRecording("recorded");
      assertTrue(hub.pipelineProblem().isEmpty(), "the pipeline ran to the end: " + hub.pipelineProblem());
      System.out.println("stream churns (adds + removes): " + churns + ", recordings: " + hub.recordings().size());
    }
    System.out.println("seconds, rss kB, frames recorded, frames watched, JPEG kB sent");
    samples.forEach(System.out::println);
    long warm = rss.get(Math.min(2, rss.size() - 1));
    long last = rss.get(rss.size() - 1);
    assertTrue(last - warm < 100_000, "resident memory grew " + (last - warm) + " kB after warm-up");
  }

  private static long inferred(StreamHub hub, String id) {
    return hub.stream(id).map(StreamView::inferredFrames).orElse(-1L);
  }

  static long rssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
