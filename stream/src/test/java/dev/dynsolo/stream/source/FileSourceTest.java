package dev.dynsolo.stream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.stream.TestVideos;
import dev.dynsolo.stream.frame.VideoFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class FileSourceTest {
  @TempDir Path dir;

  @Test
  void aLoopedFilePlaysAgainWithTimesThatGoOn() {
    Path clip = TestVideos.write(dir, "clip", 10, 10, 160, 120);
    FileSource source = new FileSource(SourceSpec.parse("loop", clip.toString()).withLoop(true));
    List<VideoFrame> frames = source.frames().take(25).collectList().block(java.time.Duration.ofSeconds(30));
    assertEquals(25, frames.size(), "two and a half passes of a 10-frame clip");
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(i, frames.get(i).sequence());
      assertEquals(i % 10, TestVideos.indexOf(frames.get(i).image()), "frame " + i);
      assertEquals(i * 100_000L, frames.get(i).timestampMicros(), 1, "frame " + i + " at its place in time");
    }
    IllegalArgumentException notAFile = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SourceSpec.parse("cam", "demo").withLoop(true));
    assertEquals("loop of cam needs a video file, not a demo source", notAFile.getMessage());
  }

  @Test
  void everyFrameOfAClipComesOutInOrder() {
    Path clip = TestVideos.write(dir, "clip", 30, 15, 160, 120);
    FileSource source = new FileSource(SourceSpec.parse("clip", clip.toString()));
    List<VideoFrame> frames = source.frames().collectList().block();
    assertEquals(30, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(i, frames.get(i).sequence());
      assertEquals(i, TestVideos.indexOf(frames.get(i).image()), "frame " + i);
      assertEquals(160, frames.get(i).image().width());
    }
    assertEquals(SourceState.ENDED, source.status().state());
    assertEquals(15.0, source.nominalFps(), 0.01);
  }

  @Test
  void withPolicyLatestAFilePlaysInRealTimeAndASlowConsumerGetsTheNewestFrames() {
    Path clip = TestVideos.write(dir, "clip", 40, 20, 64, 48); // 2 s of video
    FileSource source = new FileSource(SourceSpec.parse("c", clip.toString()).withPolicy(FramePolicy.LATEST));
    long start = System.nanoTime();
    List<VideoFrame> taken = source.frames()
        .concatMap(f -> reactor.core.publisher.Mono.just(f).delayElement(java.time.Duration.ofMillis(200)), 1)
        .collectList().block();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds > 1.8, "played at the clip's pace, not at once: " + seconds + " s");
    assertTrue(taken.size() < 20, "a consumer taking 5 frames/s of a 20 fps clip gets " + taken.size());
    assertTrue(source.status().dropped() >= 20, source.status().toString());
    for (int i = 1; i < taken.size(); i++) {
      assertTrue(TestVideos.indexOf(taken.get(i).image()) > TestVideos.indexOf(taken.get(i - 1).image()));
    }
    assertEquals(39, TestVideos.indexOf(taken.get(taken.size() - 1).image()), "the last frame is the newest");
  }

  @Test
  void aPolicyMustSuitTheSource() {
    Path clip = TestVideos.write(dir, "clip", 2, 10, 32, 24);
    assertTrue(SourceSpec.parse("f", clip.toString()).withPolicy(FramePolicy.LATEST).live());
    assertTrue(!SourceSpec.parse("f", clip.toString()).live());
    assertTrue(SourceSpec.parse("d", "demo").live());
    IllegalArgumentException lossless = assertThrows(IllegalArgumentException.class,
        () -> SourceSpec.parse("cam", "rtsp://127.0.0.1/x").withPolicy(FramePolicy.LOSSLESS));
    assertEquals("policy lossless of cam needs a file or images: a rtsp source cannot wait for the model",
        lossless.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SourceSpec.parse("img", dir.toString()).withPolicy(FramePolicy.LATEST));
    assertEquals("policy must be auto, latest or lossless, got newest",
        assertThrows(IllegalArgumentException.class, () -> FramePolicy.parse("newest")).getMessage());
  }

  @Test
  void readsOnlyAsFastAsDemandedAndCanKeepEveryNth() {
    Path clip = TestVideos.write(dir, "clip", 20, 10, 64, 48);
    FileSource source = new FileSource(SourceSpec.parse("c", clip.toString()).withEveryNth(5));
    StepVerifier.create(source.frames(), 1)
        .assertNext(f -> assertEquals(0, TestVideos.indexOf(f.image())))
        .then(() -> assertEquals(1, source.status().frames()))
        .thenRequest(10)
        .assertNext(f -> assertEquals(5, TestVideos.indexOf(f.image())))
        .assertNext(f -> assertEquals(10, TestVideos.indexOf(f.image())))
        .assertNext(f -> assertEquals(15, TestVideos.indexOf(f.image())))
        .verifyComplete();
  }

  @Test
  void aCorruptOrMissingFileFailsWithItsNameAndCause() throws Exception {
    Path corrupt = dir.resolve("corrupt.mp4");
    Files.write(corrupt, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    var e = assertThrows(SourceException.class,
        () -> new FileSource(SourceSpec.parse("x", corrupt.toString())).frames().blockLast());
    assertTrue(e.getMessage().startsWith("cannot read " + corrupt + " (stream x): "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
    var missing = assertThrows(IllegalArgumentException.class, () -> SourceSpec.parse("y", dir.resolve("no.mp4").toString()));
    assertTrue(missing.getMessage().contains("not found"));
    var scheme = assertThrows(IllegalArgumentException.class, () -> SourceSpec.parse("z", "ftp://host/x"));
    assertTrue(scheme.getMessage().startsWith("unsupported source scheme"));
  }
}
