package dev.dynsolo.stream.sink;

import dev.dynsolo.model.api.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import dev.dynsolo.stream.source.FfmpegLog;

/**
 * Records one stream's annotated frames as H.264 MP4 segments of a configurable length. Segments
 * are fragmented MP4 (moov first, a fragment per key frame), so a kill -9 leaves every finished
 * segment intact and the current one playable up to its last fragment. Not thread-safe: one
 * writer thread per recorder, which also owns the native frame buffer.
 */
public final class SegmentedRecorder implements AutoCloseable {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path directory;
  private final String stream;
  private final double fps;
  private final long segmentMicros;
  private final List<Path> finished = new ArrayList<>();
  private FFmpegFrameRecorder recorder;
  private Frame buffer;
  private Path current;
  private long segmentStart = -1;
  private long lastTimestamp = -1;
  private int segmentIndex;
  private int width;
  private int height;

  /**
   * @param segmentSeconds length of a segment in stream time; 0 for one file
   */
  public SegmentedRecorder(Path directory, String stream, double fps, double segmentSeconds) {
    FfmpegLog.errorsOnly();
    H264.requireEncoder();
    this.directory = directory;
    this.stream = stream;
    this.fps = fps;
    this.segmentMicros = segmentSeconds > 0 ? (long) (segmentSeconds * 1e6) : Long.MAX_VALUE;
  }

  /** Writes a frame at a stream timestamp (microseconds, increasing). */
  public void write(RgbImage image, long timestampMicros) {
    try {
      if (recorder != null && (image.width() != width || image.height() != height
          || timestampMicros - segmentStart >= segmentMicros)) {
        finishSegment();
      }
      if (recorder == null) {
        startSegment(image.width(), image.height(), timestampMicros);
      }
      long ts = timestampMicros - segmentStart;
      if (ts <= lastTimestamp) {
        ts = lastTimestamp + 1; // the muxer needs strictly increasing times
      }
      lastTimestamp = ts;
      ByteBuffer data = (ByteBuffer) buffer.image[0];
      int stride = buffer.imageStride;
      byte[] pixels = image.pixels();
      for (int y = 0; y < height; y++) {
        data.put(y * stride, pixels, y * width * 3, width * 3);
      }
      recorder.setTimestamp(ts);
      recorder.record(buffer, avutil.AV_PIX_FMT_RGB24);
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("recording " + stream + " to " + current + " failed: " + e.getMessage(), e);
    }
  }

  private void startSegment(int w, int h, long timestampMicros) throws FrameRecorder.Exception {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create recording directory " + directory, e);
    }
    width = w;
    height = h;
    current = directory.resolve(String.format("%s-%s-%03d.mp4", stream, LocalDateTime.now().format(STAMP),
        segmentIndex++));
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(current.toString(), w, h, 0);
    r.setFormat("mp4");
    r.setVideoCodecName(H264.ENCODER);
    r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setFrameRate(fps);
    r.setGopSize((int) Math.max(1, Math.round(fps)));
    r.setVideoBitrate(Math.max(500_000, w * h * 4));
    r.setOption("movflags", "+frag_keyframe+empty_moov+default_base_moof");
    r.start();
    recorder = r;
    buffer = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
    segmentStart = timestampMicros;
    lastTimestamp = -1;
  }

  private void finishSegment() throws FrameRecorder.Exception {
    try {
      recorder.stop();
    } finally {
      recorder.release();
      recorder = null;
      buffer.close();
      buffer = null;
      finished.add(current);
    }
  }

  /** Segments completed so far (the current one joins them on close). */
  public List<Path> segments() {
    return List.copyOf(finished);
  }

  public Path currentSegment() {
    return current;
  }

  @Override
  public void close() {
    if (recorder != null) {
      try {
        finishSegment();
      } catch (FrameRecorder.Exception e) {
        throw new IllegalStateException("cannot finalise recording " + current + ": " + e.getMessage(), e);
      }
    }
  }
}
