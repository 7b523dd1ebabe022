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
