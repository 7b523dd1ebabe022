package dev.dynsolo.stream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.stream.TestVideos;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.FakeSegmenter;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.PublishedFrame;
import dev.dynsolo.stream.source.SourceSpec;
import dev.dynsolo.stream.source.SourceState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams added and removed at run time around one shared pipeline, with real sources and recordings. */
class StreamHubTest {
  @TempDir Path dir;
  private StreamHub hub;

  @BeforeEach
  void start() {
    hub = new StreamHub(new FakeSegmenter(5),
        new HubSettings(new PipelineSettings(4, Duration.ofMillis(20)), dir.resolve("rec"), 0, 80, 8),
        OverlaySettings.DEFAULT, new PipelineMetrics(new SimpleMeterRegistry()), null);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void removingAStreamLeavesTheOthersRunning() throws Exception {
    hub.add(SourceSpec.parse("a", "demo"));
    hub.add(SourceSpec.parse("b", "demo"));
    List<PublishedFrame> a = new CopyOnWriteArrayList<>();
    List<PublishedFrame> b = new CopyOnWriteArrayList<>();
    AtomicBoolean aEnded = new AtomicBoolean();
    hub.frames("a").doOnComplete(() -> aEnded.set(true)).subscribe(a::add);
    hub.frames("b").subscribe(b::add);
    waitFor(() -> a.size() >= 3 && b.size() >= 3, "frames of both streams");

    assertTrue(hub.remove("a"));
    assertTrue(aEnded.get(), "the viewers of a removed stream are told it ended");
    int bBefore = b.size();
    waitFor(() -> b.size() >= bBefore + 5, "stream b goes on after a is removed");
    assertEquals(List.of("b"), hub.streams().stream().map(StreamView::id).toList());
    assertFalse(hub.remove("a"));

    PublishedFrame frame = b.get(b.size() - 1);
    BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(frame.jpeg()));
    assertEquals(640, jpeg.getWidth());
    assertTrue(frame.metadata().contains("\"source\":\"b\""), frame.metadata());
    StreamView view = hub.stream("b").orElseThrow();
    assertEquals(SourceState.LIVE, view.status().state());
    assertTrue(view.fps() > 0 && view.inferredFrames() > 0, view.toString());

    hub.add(SourceSpec.parse("a", "demo")); // the name is free again
    StreamRefused taken = assertThrows(StreamRefused.class, () -> hub.add(SourceSpec.parse("b", "demo")));
    assertEquals(StreamRefused.Reason.NAME_TAKEN, taken.reason());
  }

  @Test
  void recordingStartedAndStoppedAtRunTimeIsAPlayableFile() throws Exception {
    hub.add(SourceSpec.parse("cam", "demo"));
    waitFor(() -> hub.stream("cam").orElseThrow().inferredFrames() > 2, "frames");
    hub.startRecording("cam");
    assertTrue(hub.stream("cam").orElseThrow().recording());
    long start = hub.stream("cam").orElseThrow().inferredFrames();
    waitFor(() -> hub.stream("cam").orElseThrow().inferredFrames() >= start + 10, "recorded frames");
    assertTrue(hub.recordings().get(0).active(), "the segment being written is listed as active");
    List<Path> files = hub.stopRecording("cam");
    assertEquals(1, files.size());
    long[] framesAndMicros = TestVideos.countFrames(files.get(0));
    assertTrue(framesAndMicros[0] >= 10, "frames in the recording: " + framesAndMicros[0]);
    Recording listed = hub.recordings().get(0);
    assertEquals("cam", listed.stream());
    assertFalse(listed.active());
    assertEquals(files.get(0), hub.recordingFile(listed.name()).orElseThrow());
    assertTrue(hub.recordingFile("../" + listed.name()).isEmpty(), "only listed files can be fetched");
    assertTrue(hub.stopRecording("cam").isEmpty(), "stopping twice is harmless");
  }

  @Test
  void aStreamThatFailsIsReportedAndTheOthersAreUnaffected() throws Exception {
    Path corrupt = dir.resolve("corrupt.mp4");
    Files.write(corrupt, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    hub.add(SourceSpec.parse("good", "demo"));
    hub.add(SourceSpec.parse("bad", corrupt.toString()));
    waitFor(() -> hub.stream("bad").orElseThrow().error() != null, "the corrupt file's error");
    assertTrue(hub.stream("bad").orElseThrow().error().contains("corrupt.mp4"), hub.stream("bad").toString());
    long before = hub.stream("good").orElseThrow().inferredFrames();
    waitFor(() -> hub.stream("good").orElseThrow().inferredFrames() > before + 3, "the good stream goes on");
    assertEquals(java.util.Optional.empty(), hub.pipelineProblem());
  }

  @Test
  void aFileStreamIsProcessedToItsEndAndClosingFinalisesRecordings() throws Exception {
    Path clip = TestVideos.write(dir.resolve("in"), "clip", 20, 10, 160, 120);
    hub.add(SourceSpec.parse("clip", "demo"));
    hub.startRecording("clip");
    long recordedFrom = hub.stream("clip").orElseThrow().inferredFrames();
    hub.add(SourceSpec.parse("file", clip.toString()));
    waitFor(() -> hub.stream("file").orElseThrow().inferredFrames() == 20
        && hub.stream("file").orElseThrow().status().state() == SourceState.ENDED, "the whole file");
    waitFor(() -> hub.stream("clip").orElseThrow().inferredFrames() > recordedFrom + 3, "recorded frames");
    hub.close();
    List<Recording> recordings = hub.recordings();
    assertEquals(1, recordings.size());
    assertNotNull(TestVideos.countFrames(dir.resolve("rec").resolve(recordings.get(0).name())));
    StreamRefused late = assertThrows(StreamRefused.class, () -> hub.add(SourceSpec.parse("late", "demo")));
    assertEquals(StreamRefused.Reason.SHUTTING_DOWN, late.reason());
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
