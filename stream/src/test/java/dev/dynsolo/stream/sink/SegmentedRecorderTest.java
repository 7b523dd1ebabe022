package dev.dynsolo.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.stream.TestVideos;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames on the nominal rate's grid: jittered times keep every frame, a source at twice the rate keeps half. */
class SegmentedRecorderTest {
  @TempDir Path dir;

  private long recorded(String name, long[] micros) throws Exception {
    List<Path> files;
    try (SegmentedRecorder recorder = new SegmentedRecorder(dir, name, 10, 0)) {
      for (int i = 0; i < micros.length; i++) {
        recorder.write(TestVideos.numbered(i, 64, 48), micros[i]);
      }
      recorder.close();
      files = recorder.segments();
    }
    assertEquals(1, files.size());
    return TestVideos.countFrames(files.get(0))[0];
  }

  @Test
  void jitteredFramesAreAllKept() throws Exception {
    long[] t = new long[40];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * 100_000L + (i % 2 == 0 ? 40_000 : -40_000) + 40_000; // up to 0.8 frame early or late
    }
    assertEquals(40, recorded("jitter", t));
  }

  @Test
  void aSourceAtTwiceTheNominalRateKeepsOneFrameASlot() throws Exception {
    long[] t = new long[40];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * 50_000L;
    }
    long kept = recorded("fast", t);
    // 2 s of video at 10 fps; a frame may lead its time by less than one slot, so one more may fit
    org.junit.jupiter.api.Assertions.assertTrue(kept == 20 || kept == 21, "frames kept: " + kept);
  }
}
