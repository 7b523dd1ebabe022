package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dynsolo.app.TestApps;
import dev.dynsolo.app.config.AppConfig;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.stream.hub.HubSettings;
import dev.dynsolo.stream.hub.StreamHub;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.FakeSegmenter;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.Recorder;
import dev.dynsolo.stream.source.SourceSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the health endpoints and the streams API say about faults, against the real server around a
 * hub whose segmenter and recorder fail on purpose.
 */
class LivenessTest {
  @TempDir Path dir;

  private static SoloServer server(StreamHub hub, PrometheusMeterRegistry registry) {
    return new SoloServer(hub, AppConfig.defaultsWith(Map.of("server", Map.of("port", 0))).server(), registry);
  }

  @Test
  void healthTurnsDownOnceEveryBatchHasFailedForTheStallLimit() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineSettings batching = new PipelineSettings(4, Duration.ofMillis(20), Duration.ofSeconds(2));
    try (StreamHub hub = new StreamHub(new FakeSegmenter(5, 1), new HubSettings(batching, dir, 0, 80, 4),
        OverlaySettings.DEFAULT, new PipelineMetrics(registry), null);
        SoloServer server = server(hub, registry)) {
      Http http = new Http("http://127.0.0.1:" + server.start(), null);
      assertEquals(200, http.get("/api/health").status(), "alive before any batch ran");
      hub.add(SourceSpec.parse("demo", "demo").withTargetFps(10));
      TestApps.waitFor(() -> status(http, "/api/health") == 503, "health reports the dead pipeline");
      JsonNode down = http.get("/api/health").json();
      assertEquals("down", down.get("status").asText());
      assertTrue(down.get("error").asText().startsWith("every inference batch failed for"), down.toString());
      assertTrue(down.get("error").asText().contains("injected inference failure"), down.toString());
      assertEquals(503, http.get("/api/ready").status());
      String metrics = http.get("/metrics").body();
      assertTrue(metrics.contains("solo_failures_total{part=\"inference\",stream=\"demo\"}"), "failures in /metrics");
    }
  }

  @Test
  void aFailingRecordingShowsInTheStreamsFaultsAndReadinessWhileFramesGoOn() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Recorder.Factory broken = (stream, fps) -> new Recorder() {
      @Override
      public void write(RgbImage image, long timestampMicros) {
        throw new IllegalStateException("disk on fire");
      }

      @Override
      public List<Path> segments() {
        return List.of();
      }

      @Override
      public Path currentSegment() {
        return null;
      }

      @Override
      public void close() {}
    };
    try (StreamHub hub = new StreamHub(new FakeSegmenter(5), new HubSettings(new PipelineSettings(4,
        Duration.ofMillis(20)), dir, 0, 80, 4), OverlaySettings.DEFAULT, new PipelineMetrics(registry), null, broken);
        SoloServer server = server(hub, registry)) {
      Http http = new Http("http://127.0.0.1:" + server.start(), null);
      hub.add(SourceSpec.parse("cam", "demo").withTargetFps(10));
      http.send("POST", "/api/streams/cam/recording", "{}");
      TestApps.waitFor(() -> call(() -> http.get("/api/streams/cam").json().get("faults").has("recording")),
          "the recording fault in the stream's status");
      JsonNode cam = http.get("/api/streams/cam").json();
      assertEquals("disk on fire", cam.get("faults").get("recording").asText());
      assertTrue(cam.get("recording").asBoolean(), "still asked to record: it is retried");
      long frames = cam.get("inferredFrames").asLong();
      TestApps.waitFor(() -> call(() -> http.get("/api/streams/cam").json().get("inferredFrames").asLong() > frames + 5),
          "frames go on");
      assertEquals(200, http.get("/api/health").status(), "a failing sink is not a dead server");
      assertEquals(503, http.get("/api/ready").status(), "but the server is not ready");
    }
  }

  private static int status(Http http, String path) {
    try {
      return http.get(path).status();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private interface Check {
    boolean get() throws Exception;
  }

  private static boolean call(Check check) {
    try {
      return check.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
