package dev.dynsolo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.app.config.AppConfig;
import dev.dynsolo.stream.TestVideos;
import dev.dynsolo.stream.hub.Recording;
import dev.dynsolo.stream.hub.StreamHub;
import dev.dynsolo.stream.hub.StreamView;
import dev.dynsolo.stream.source.RtspServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a user runs it, for {@code -Dsoak.minutes=N} (not in CI): the committed demo model,
 * four streams (the demo scene; a looping file played like a camera; a real RTSP camera on
 * 127.0.0.1 that is restarted every 5 minutes; a looping file recorded in 60 s segments) and one
 * live-view client that reads one frame and then stalls. Every 30 s it prints resident memory and
 * each stream's frame counts, with the Java heap's committed and used size (resident memory that is
 * not heap is native: TensorFlow, FFmpeg, OpenCV). At the end: resident memory (median of the last
 * five samples) grew less than 10 % over its median in minutes 5 to 10, every recorded segment
 * decodes, the camera is live again after its restarts, and every frame a source delivered is accounted for (inferred, dropped at the source, dropped as stale at the
 * batcher, or lost to a fault). Run:
 * {@code ./mvnw -B test -pl web-ui -am -Dtest=ServerSoakTest -Dsoak.minutes=60 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "soak.minutes", matches = "\\d+")
class ServerSoakTest {
  private static final long SAMPLE_NANOS = Duration.ofSeconds(30).toNanos();
  private static final long RESTART_NANOS = Duration.ofMinutes(5).toNanos();
  private static final List<String> STREAMS = List.of("scene", "loop", "camera", "recorded");

  @TempDir Path dir;

  @Test
  void fourStreamsAndAStalledViewerForAnHour() throws Exception {
    long minutes = Long.getLong("soak.minutes");
    RtspServer.assumeAvailable();
    Path clip = TestVideos.write(dir.resolve("in"), "clip", 100, 10, 320, 240);
    Path recordings = dir.resolve("recordings");
    try (RtspServer camera = new RtspServer(RtspServer.freePort())) {
      camera.start();
      AppConfig config = AppConfig.defaultsWith(Map.of(
          "model", Map.of("bundle", TestApps.DEMO_MODEL),
          "server", Map.of("port", 0),
          "recording", Map.of("directory", recordings.toString(), "segmentSeconds", 60),
          "streams", List.of(
              Map.of("name", "scene", "source", "demo", "targetFps", 10),
              Map.of("name", "loop", "source", clip.toString(), "loop", true, "policy", "latest"),
              Map.of("name", "camera", "source", camera.url()),
              Map.of("name", "recorded", "source", clip.toString(), "loop", true, "policy", "latest",
                  "record", true))));
      List<Long> rss = new ArrayList<>();
      List<String> rows = new ArrayList<>();
      int restarts = 0;
      try (Application app = Application.start(config)) {
        StreamHub hub = app.hub();
        StalledViewer viewer = StalledViewer.connect(URI.create(app.url().replace("http", "ws") + "ws/streams/scene"));
        long start = System.nanoTime();
        long end = start + Duration.ofMinutes(minutes).toNanos();
        long nextSample = start;
        long nextRestart = start + RESTART_NANOS;
        while (System.nanoTime() < end) {
          long now = System.nanoTime();
          if (now >= nextRestart) {
            camera.kill();
            Thread.sleep(3000);
            camera.start();
            restarts++;
            nextRestart += RESTART_NANOS;
          }
          if (now >= nextSample) {
            long kb = rssKb();
            rss.add(kb);
            var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            StringBuilder row = new StringBuilder(String.format("%5d s  %8d kB (heap committed %d kB, used %d kB)",
                (now - start) / 1_000_000_000L, kb, heap.getCommitted() / 1024, heap.getUsed() / 1024));
            for (String id : STREAMS) {
              StreamView v = hub.stream(id).orElseThrow();
              row.append(String.format("  %s %s %d/%d", id, v.status().state().name().toLowerCase(), v.inferredFrames(),
                  v.status().frames()));
            }
            row.append("  viewer read ").append(viewer.frames.get()).append(" binary parts");
            rows.add(row.toString());
            System.out.println(row);
            nextSample += SAMPLE_NANOS;
          }
          Thread.sleep(200);
        }
        Thread.sleep(10_000); // the camera's last restart is back
        MeterRegistry registry = app.server().registry();
        List<String> accounts = new ArrayList<>();
        for (String id : STREAMS) {
          StreamView v = hub.stream(id).orElseThrow();
          long stale = (long) counter(registry, "solo.frames.stale", id);
          long failed = (long) registry.find("solo.failures").tag("stream", id).tag("part", "inference").counters()
              .stream().mapToDouble(Counter::count).sum();
          long unaccounted = v.status().frames() - v.status().dropped() - stale - failed - v.inferredFrames();
          accounts.add(String.format("%s: %d delivered = %d inferred + %d dropped at the source + %d stale + %d lost"
              + " to inference faults + %d in flight; faults now %s, reconnects %d", id, v.status().frames(),
              v.inferredFrames(), v.status().dropped(), stale, failed, unaccounted, v.faults(), v.status().reconnects()));
          assertTrue(unaccounted >= 0 && unaccounted <= 8, accounts.get(accounts.size() - 1));
        }
        accounts.forEach(System.out::println);
        StreamView cam = hub.stream("camera").orElseThrow();
        // reconnects counts attempts: several per restart while the camera is down
        assertTrue(cam.status().reconnects() >= restarts, "every restart was noticed: " + cam.status());
        assertEquals(dev.dynsolo.stream.source.SourceState.LIVE, cam.status().state(), "the camera is back");
        assertTrue(hub.pipelineProblem().isEmpty(), "pipeline alive: " + hub.pipelineProblem());
        hub.stopRecording("recorded");
        viewer.close();
      }
      List<Path> segments = Files.list(recordings).filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
      long recordedFrames = 0;
      for (Path segment : segments) {
        recordedFrames += TestApps.decode(segment).frames(); // throws if a segment does not decode
      }
      System.out.printf("%d segments, %d frames recorded, all decode; %d camera restarts%n", segments.size(),
          recordedFrames, restarts);
      assertTrue(segments.size() >= minutes, "a segment a minute: " + segments.size());
      // Medians against sampling noise: minutes 5 to 10 after warm-up, and the last five samples.
      long warm = median(rss.subList(Math.min(10, rss.size() - 1), Math.min(21, rss.size())));
      long last = median(rss.subList(Math.max(0, rss.size() - 5), rss.size()));
      System.out.printf("resident memory after warm-up (median of minutes 5-10) %d kB, at the end (median of the"
          + " last five samples) %d kB (%+.1f %%)%n", warm, last, 100.0 * (last - warm) / warm);
      assertTrue(last < warm * 1.10, "resident memory grew " + (last - warm) + " kB after warm-up");
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double counter(MeterRegistry registry, String name, String stream) {
    return registry.find(name).tag("stream", stream).counters().stream().mapToDouble(Counter::count).sum();
  }

  static long rssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  /** A live-view client that takes the first frame and then never reads again, as a frozen browser tab. */
  private static final class StalledViewer implements WebSocket.Listener, AutoCloseable {
    final AtomicLong frames = new AtomicLong();
    private WebSocket socket;

    static StalledViewer connect(URI uri) throws Exception {
      StalledViewer viewer = new StalledViewer();
      viewer.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Origin", "http://" + uri.getHost() + ":" + uri.getPort())
          .buildAsync(uri, viewer).get(30, TimeUnit.SECONDS);
      return viewer;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(2); // one frame: its JSON and its JPEG; then nothing more is read
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      frames.incrementAndGet();
      return null;
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
