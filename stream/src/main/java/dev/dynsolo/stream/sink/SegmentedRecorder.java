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
 * are fragmented MP4 (moov first, a fragment per key frame), so a kill -9 or a full disk leaves
 * every finished segment intact and the current one playable up to its last fragment. When a write
 * fails, the current segment is given up as it is and the next write starts a new one. Frames are
 * placed on the nominal frame rate's grid (the muxer needs increasing times): a frame that falls
 * on the previous one's slot moves to the next slot if that is less than a frame from its time
 * (jitter), and is left out otherwise (a source faster than its nominal rate).
 * Not thread-safe: one writer thread per recorder, which also owns the native frame buffer.
 */
public final class SegmentedRecorder implements Recorder {
  /** Makes recorders writing into a directory. */
  public static Recorder.Factory into(Path directory, double segmentSeconds) {
    return (stream, fps) -> new SegmentedRecorder(directory, stream, fps, segmentSeconds);
  }

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
  private long lastSlot = -1;
  private long skipped;
  private long framesInSegment;
  private int segmentIndex;
  private int width;
  private int height;

  /**
   * @param segmentSeconds length of a segment in stream time; 0 for one file
   */
  public SegmentedRecorder(Path directory, String stream, double fps, double segmentSeconds) {
    FfmpegLog.install();
    H264.requireEncoder();
    this.directory = directory;
    this.stream = stream;
    this.fps = fps;
    this.segmentMicros = segmentSeconds > 0 ? (long) (segmentSeconds * 1e6) : Long.MAX_VALUE;
  }

  @Override
  public void write(RgbImage image, long timestampMicros) {
    try {
      writeFrame(image, timestampMicros);
    } catch (FrameRecorder.Exception | RuntimeException e) {
      Path failed = current;
      abandonSegment();
      throw new IllegalStateException("recording " + stream + " to " + failed + " failed: " + e.getMessage(), e);
    }
  }

  private void writeFrame(RgbImage image, long timestampMicros) throws FrameRecorder.Exception {
    if (recorder != null && (image.width() != width || image.height() != height
        || timestampMicros - segmentStart >= segmentMicros)) {
      finishSegment();
    }
    if (recorder == null) {
      startSegment(image.width(), image.height(), timestampMicros);
    }
    double exactSlot = (timestampMicros - segmentStart) * fps / 1e6;
    long slot = Math.round(exactSlot);
    if (slot <= lastSlot) {
      if (lastSlot + 1 - exactSlot > 1) {
        skipped++; // the source runs ahead of its nominal rate: this frame has no slot of its own
        return;
      }
      slot = lastSlot + 1; // jitter: the next slot is less than a frame from its time
    }
    lastSlot = slot;
    ByteBuffer data = (ByteBuffer) buffer.image[0];
    int stride = buffer.imageStride;
    byte[] pixels = image.pixels();
    for (int y = 0; y < height; y++) {
      data.put(y * stride, pixels, y * width * 3, width * 3);
    }
    recorder.setTimestamp(Math.round(slot * 1e6 / fps));
    recorder.record(buffer, avutil.AV_PIX_FMT_RGB24);
    framesInSegment++;
  }

  /** Frames left out because they fell on the previous frame's slot. */
  public long skippedFrames() {
    return skipped;
  }

  private void startSegment(int w, int h, long timestampMicros) throws FrameRecorder.Exception {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create recording directory " + directory + ": " + e.getMessage(), e);
    }
    width = w;
    height = h;
    Path file = directory.resolve(String.format("%s-%s-%03d.mp4", stream, LocalDateTime.now().format(STAMP),
        segmentIndex++));
    current = file;
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toString(), w, h, 0);
    r.setFormat("mp4");
    r.setVideoCodecName(H264.ENCODER);
    r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setFrameRate(fps);
    r.setGopSize((int) Math.max(1, Math.round(fps)));
    r.setVideoBitrate(Math.max(500_000, w * h * 4));
    r.setOption("movflags", "+frag_keyframe+empty_moov+default_base_moof");
    r.setOption("flush_packets", "1"); // each fragment reaches the file when it is complete, not when 32 kB are buffered
    try {
      r.start();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      releaseQuietly(r);
      deleteQuietly(file); // holds no frame
      throw e;
    }
    recorder = r;
    buffer = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
    segmentStart = timestampMicros;
    lastSlot = -1;
    framesInSegment = 0;
  }

  /** After a failed write: keeps the segment as far as it got (its fragments play) and frees the encoder. */
  private void abandonSegment() {
    if (recorder != null) {
      releaseQuietly(recorder);
      recorder = null;
      buffer.close();
      buffer = null;
      // A fragment reaches the file when the next key frame starts (one a second): a segment cut before
      // its second key frame holds no playable frame, only a header, and is removed rather than listed.
      if (framesInSegment > Math.max(1, Math.round(fps))) {
        finished.add(current);
      } else {
        deleteQuietly(current);
      }
    }
  }

  private static void releaseQuietly(FFmpegFrameRecorder r) {
    try {
      r.release();
    } catch (FrameRecorder.Exception | RuntimeException ignored) {
      // the encoder is gone either way
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // an empty file at worst
    }
  }

  private void finishSegment() throws FrameRecorder.Exception {
    try {
      recorder.stop();
    } finally {
      releaseQuietly(recorder); // if stop failed, the fragments written so far still play
      recorder = null;
      buffer.close();
      buffer = null;
      finished.add(current);
    }
  }

  @Override
  public List<Path> segments() {
    return List.copyOf(finished);
  }

  @Override
  public Path currentSegment() {
    return recorder == null ? null : current;
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
