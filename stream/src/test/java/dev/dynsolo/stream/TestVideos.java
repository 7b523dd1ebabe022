package dev.dynsolo.stream;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Writes test clips whose frames carry their index, and reads clips back. */
public final class TestVideos {
  private TestVideos() {}

  /** A frame whose left half brightness encodes {@code index} (index * 4, up to 63). */
  public static RgbImage numbered(int index, int w, int h) {
    byte[] p = new byte[w * h * 3];
    int v = (index * 4) & 0xff;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        p[i] = (byte) (x < w / 2 ? v : 40);
        p[i + 1] = (byte) (x < w / 2 ? v : 200);
        p[i + 2] = (byte) (x < w / 2 ? v : 90);
      }
    }
    return new RgbImage(w, h, p);
  }

  /** Writes {@code frames} numbered frames at {@code fps} as one H.264 MP4; returns its path. */
  public static Path write(Path dir, String name, int frames, double fps, int w, int h) {
    try (SegmentedRecorder recorder = new SegmentedRecorder(dir, name, fps, 0)) {
      for (int i = 0; i < frames; i++) {
        recorder.write(numbered(i, w, h), (long) (i * 1e6 / fps));
      }
      recorder.close();
      return recorder.segments().get(0);
    }
  }

  /** Frame count and duration (microseconds) of a video, by decoding every frame. */
  public static long[] countFrames(Path video) throws Exception {
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
      g.start();
      long count = 0;
      long last = 0;
      Frame f;
      while ((f = g.grabImage()) != null) {
        count++;
        last = g.getTimestamp();
      }
      double fps = g.getFrameRate();
      g.stop();
      return new long[] {count, last + (long) (1e6 / fps)};
    }
  }

  /** The index a numbered frame carries (from its left-half brightness). */
  public static int indexOf(RgbImage image) {
    int v = image.pixels()[((image.height() / 2) * image.width() + image.width() / 4) * 3] & 0xff;
    return Math.round(v / 4f);
  }
}
