package dev.dynsolo.stream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.stream.Await;
import dev.dynsolo.stream.TestVideos;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.FakeSegmenter;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.sink.JsonLinesEventSink;
import dev.dynsolo.stream.sink.Recorder;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.source.SourceSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a running hub stay where they happen: a segmenter that throws now and
 * then, a recorder that throws, and a real full disk (a 3 MB tmpfs, mounted by the test; it needs
 * root and skips with a message otherwise). Other streams keep going, the failing part is reported
 * in the stream's status and tried again, and nothing already recorded is lost.
 */
class StreamFaultsTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final PipelineSettings BATCHING = new PipelineSettings(4, Duration.ofMillis(20));
  @TempDir Path dir;

  private StreamHub hub(FakeSegmenter segmenter, Path recordDir, JsonLinesEventSink events, Recorder.Factory recorders) {
    return new StreamHub(segmenter, new HubSettings(BATCHING, recordDir, 0, 80, 8), OverlaySettings.DEFAULT,
        new PipelineMetrics(new SimpleMeterRegistry()), events, recorders);
  }

  @Test
  void aSegmenterThatThrowsNowAndThenLeavesEveryStreamRunning() throws Exception {
    FakeSegmenter segmenter = new FakeSegmenter(5, 4); // every fourth batch throws
    try (StreamHub hub = hub(segmenter, dir.resolve("rec"), null, SegmentedRecorder.into(dir.resolve("rec"), 0))) {
      hub.add(SourceSpec.parse("a", "demo").withTargetFps(20));
      hub.add(SourceSpec.parse("b", "demo").withTargetFps(20));
      Await.until(() -> inferred(hub, "a") > 30 && inferred(hub, "b") > 30, LIMIT, "frames of both streams past failures");
      assertTrue(hub.inferenceFailures() >= 3, "failures injected: " + hub.inferenceFailures());
      assertTrue(hub.pipelineProblem().isEmpty(), "occasional failures are not a dead pipeline");
      assertEquals(null, hub.stream("a").orElseThrow().error());
    }
  }

  @Test
  void aRecorderThatThrowsIsReportedAndRetriedWhileTheOtherStreamRecordsEveryFrame() throws Exception {
    Map<String, CountingRecorder> recorders = new ConcurrentHashMap<>();
    Recorder.Factory factory = (stream, fps) -> recorders.computeIfAbsent(stream, s -> new CountingRecorder(
        new SegmentedRecorder(dir.resolve("rec"), s, fps, 0), s.equals("a") ? 2 : 0));
    try (StreamHub hub = hub(new FakeSegmenter(5), dir.resolve("rec"), null, factory)) {
      hub.add(SourceSpec.parse("a", "demo").withTargetFps(15));
      hub.add(SourceSpec.parse("b", "demo").withTargetFps(15));
      hub.startRecording("a");
      hub.startRecording("b");
      Await.until(() -> hub.stream("a").orElseThrow().faults().containsKey("recording"), LIMIT, "a's recording fault reported");
      assertTrue(hub.stream("a").orElseThrow().faults().get("recording").contains("injected write failure"));
      assertTrue(hub.stream("b").orElseThrow().faults().isEmpty(), "b is unaffected");
      Await.until(() -> hub.stream("a").orElseThrow().faults().isEmpty(), LIMIT, "a's recording retried and working again");
      int aWritten = recorders.get("a").written.get();
      Await.until(() -> recorders.get("a").written.get() > aWritten + 10, LIMIT, "a records again");
      List<Path> aFiles = hub.stopRecording("a");
      List<Path> bFiles = hub.stopRecording("b");
      assertEquals(1, aFiles.size());
      assertEquals(recorders.get("a").recorded(), TestVideos.countFrames(aFiles.get(0))[0],
          "every frame a's recorder took is in its file");
      assertEquals(recorders.get("b").recorded(), TestVideos.countFrames(bFiles.get(0))[0],
          "every frame of b is in its file");
    }
  }

  @Test
  void aFullDiskStopsOnlyRecordingAndEventsUntilThereIsRoomAndKeepsWhatWasWritten() throws Exception {
    Path small = dir.resolve("small");
    mountTmpfs(small, "3m");
    try {
      Path rec = small.resolve("rec");
      Path events = small.resolve("events.jsonl");
      try (StreamHub hub = hub(new FakeSegmenter(5), rec, new JsonLinesEventSink(events.toString(),
          DetectionEvents.MaskFormat.RLE), SegmentedRecorder.into(rec, 0))) {
        hub.add(SourceSpec.parse("a", "demo").withTargetFps(15));
        hub.add(SourceSpec.parse("b", "demo").withTargetFps(15));
        hub.startRecording("a");
        long recordingFrom = inferred(hub, "a");
        Await.until(() -> inferred(hub, "a") > recordingFrom + 45, LIMIT, "a recorded for three seconds");
        long recordedBeforeFull = inferred(hub, "a") - recordingFrom;

        Path filler = small.resolve("filler");
        fill(filler);
        Await.until(() -> hub.stream("a").orElseThrow().faults().keySet().containsAll(List.of("recording", "events"))
            && hub.stream("b").orElseThrow().faults().containsKey("events"), LIMIT, "the full disk reported");
        String fault = hub.stream("a").orElseThrow().faults().get("recording");
        assertTrue(fault.contains("recording a to"), fault);
        long bDuring = inferred(hub, "b");
        Await.until(() -> inferred(hub, "b") > bDuring + 15, LIMIT, "b goes on while the disk is full");
        assertTrue(hub.stream("a").orElseThrow().recording(), "a still wants to record");

        Files.delete(filler);
        Await.until(() -> hub.stream("a").orElseThrow().faults().isEmpty()
            && hub.stream("b").orElseThrow().faults().isEmpty(), LIMIT, "recording and events resume once there is room");
        long aAfter = inferred(hub, "a");
        Await.until(() -> inferred(hub, "a") > aAfter + 15, LIMIT, "a records after the disk had room again");
        List<Path> files = hub.stopRecording("a");
        assertTrue(files.size() >= 2, "the segment cut short by the full disk and a new one: " + files);
        for (Path f : files) {
          assertTrue(TestVideos.countFrames(f)[0] > 0, "playable: " + f);
        }
        // A fragment holds one second (15 frames); only the one being written when the disk filled is lost.
        long kept = TestVideos.countFrames(files.get(0))[0];
        assertTrue(kept >= recordedBeforeFull - 15 - 3,
            "frames written before the disk filled are kept: " + kept + " of " + recordedBeforeFull);
      }
      List<String> lines = Files.readAllLines(events);
      assertTrue(lines.size() > 50, "events written before and after: " + lines.size());
      ObjectMapper json = new ObjectMapper();
      for (String line : lines) {
        json.readTree(line); // no line cut in half by the full disk
      }
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void mountTmpfs(Path at, String size) throws Exception {
    Files.createDirectories(at);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
        .redirectErrorStream(true).start();
    boolean ok = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    Assumptions.assumeTrue(ok, "cannot mount a tmpfs (needs root): full-disk test skipped");
  }

  /** Writes until the file system is full. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
    }
  }

  private static long inferred(StreamHub hub, String id) {
    return hub.stream(id).orElseThrow().inferredFrames();
  }

  /** A real recorder that throws on its first {@code failures} writes after the tenth, as an I/O error would. */
  private static final class CountingRecorder implements Recorder {
    private final SegmentedRecorder delegate;
    private final AtomicInteger failuresLeft;
    final AtomicInteger written = new AtomicInteger();

    CountingRecorder(SegmentedRecorder delegate, int failures) {
      this.delegate = delegate;
      this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public void write(RgbImage image, long timestampMicros) {
      if (written.get() >= 10 && failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("injected write failure");
      }
      delegate.write(image, timestampMicros);
      written.incrementAndGet();
    }

    /** Frames that went into the file (writes minus those on the previous frame's slot). */
    long recorded() {
      return written.get() - delegate.skippedFrames();
    }

    @Override
    public List<Path> segments() {
      return delegate.segments();
    }

    @Override
    public Path currentSegment() {
      return delegate.currentSegment();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
