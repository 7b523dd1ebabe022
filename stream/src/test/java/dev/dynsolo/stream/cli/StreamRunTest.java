package dev.dynsolo.stream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.InitialWeights;
import dev.dynsolo.stream.TestVideos;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.sink.JsonLinesEventSink;
import dev.dynsolo.stream.source.FileSource;
import dev.dynsolo.stream.source.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A headless run over a real clip with a real (random-weight) model bundle. */
class StreamRunTest {
  @TempDir Path dir;

  @Test
  void everyFrameIsRecordedAndReportedWithTheClipsDuration() throws Exception {
    Path clip = TestVideos.write(dir.resolve("in"), "clip", 24, 12, 320, 240);
    ModelConfig config = Presets.get("nano", 2);
    Path bundle = dir.resolve("model");
    BundleWriter.write(bundle, config, InitialWeights.create(config, 3), List.of("a", "b"), "test");
    Path events = dir.resolve("events.jsonl");
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults())) {
      segmenter.setThresholds(new Thresholds(0f, 0.5f, 0f, NmsKernel.GAUSSIAN, 2f)); // random weights: show something
      StreamRun run = new StreamRun(List.of(new FileSource(SourceSpec.parse("cam1", clip.toString()))), segmenter,
          new PipelineSettings(4, Duration.ofMillis(20)), dir.resolve("rec"), 0,
          new JsonLinesEventSink(events.toString(), DetectionEvents.MaskFormat.RLE), OverlaySettings.DEFAULT, null);
      StreamRun.Summary summary = run.run();
      assertEquals(24L, summary.frames().get("cam1"));
      assertEquals(1, summary.recordings().size());
      long[] in = TestVideos.countFrames(clip);
      long[] out = TestVideos.countFrames(summary.recordings().get(0));
      assertArrayEquals(in, out, "frame count and duration (us) of the recording");
    }
    List<String> lines = Files.readAllLines(events);
    assertEquals(24, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("cam1", first.get("source").asText());
    assertEquals(0, first.get("sequence").asInt());
    assertTrue(first.get("instances").size() > 0);
    JsonNode mask = first.get("instances").get(0).get("mask");
    assertEquals(240, mask.get("size").get(0).asInt());
  }
}
