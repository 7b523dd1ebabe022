package dev.dynsolo.stream.source;

import dev.dynsolo.model.io.Messages;
import dev.dynsolo.stream.frame.VideoFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A video file, read losslessly at the pace the pipeline asks for: one frame is decoded per unit of
 * demand, on the source's own thread (the grabber is opened, used and closed there). Optionally
 * keeps every n-th frame or thins to a target fps by timestamp. With policy {@code latest} the file
 * plays in real time instead, like a camera: frames are released at their timestamps and a frame
 * the pipeline has not taken when the next is due is dropped and counted. With {@code loop} the file
 * starts again at its end, its timestamps going on from where the last pass ended.
 */
public final class FileSource implements FrameSource {
  private final SourceSpec spec;
  private final SourceCounters counters;
  private final Scheduler thread;
  private volatile boolean closed;
  private volatile double frameRate;

  public FileSource(SourceSpec spec) {
    this.spec = spec;
    this.counters = new SourceCounters(spec.id());
    this.thread = Schedulers.newSingle("file-" + spec.id());
    FfmpegLog.install();
  }

  @Override
  public SourceSpec spec() {
    return spec;
  }

  @Override
  public double nominalFps() {
    double fps = spec.targetFps() > 0 ? spec.targetFps() : frameRate / spec.everyNth();
    return fps > 0 ? fps : 25;
  }

  @Override
  public SourceStatus status() {
    return counters.snapshot();
  }

  private static final class Cursor {
    FFmpegFrameGrabber grabber;
    long index;
    long sequence;
    long nextTimestamp;
    long startNanos = -1;
    long firstTimestamp;
    long passOffset;
    long lastTimestamp;
  }

  @Override
  public Flux<VideoFrame> frames() {
    Flux<VideoFrame> decoded = decoded();
    return spec.live() ? LatestFrames.keepLatest(decoded, counters) : decoded;
  }

  /** Waits on the source's thread until the frame's timestamp is due, counted from the first frame. */
  private void waitUntilDue(Cursor cursor, long timestampMicros) throws InterruptedException {
    if (cursor.startNanos < 0) {
      cursor.startNanos = System.nanoTime();
      cursor.firstTimestamp = timestampMicros;
    }
    long due = cursor.startNanos + (timestampMicros - cursor.firstTimestamp) * 1000;
    long wait = due - System.nanoTime();
    if (wait > 0) {
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private Flux<VideoFrame> decoded() {
    return Flux.<VideoFrame, Cursor>generate(Cursor::new, (cursor, sink) -> {
      try {
        if (cursor.grabber == null) {
          cursor.grabber = open();
        }
        while (!closed) {
          Frame frame = cursor.grabber.grabImage();
          if (frame == null && spec.loop() && cursor.index > 0) {
            restart(cursor);
            continue;
          }
          if (frame == null) {
            counters.state(SourceState.ENDED);
            sink.complete();
            return cursor;
          }
          long index = cursor.index++;
          long ts = cursor.passOffset + cursor.grabber.getTimestamp();
          cursor.lastTimestamp = ts;
          if (index % spec.everyNth() != 0) {
            continue;
          }
          if (spec.targetFps() > 0) {
            if (ts < cursor.nextTimestamp) {
              continue;
            }
            cursor.nextTimestamp = ts + (long) (1e6 / spec.targetFps());
          }
          if (spec.live()) {
            waitUntilDue(cursor, ts);
          }
          counters.frame();
          sink.next(new VideoFrame(spec.id(), cursor.sequence++, ts, System.nanoTime(), RgbFrames.copy(frame)));
          return cursor;
        }
        counters.state(SourceState.ENDED);
        sink.complete();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        counters.state(SourceState.ENDED);
        sink.complete();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        counters.error(oneLine(e.getMessage()));
        counters.state(SourceState.FAILED);
        sink.error(new SourceException("cannot read " + spec.location() + " (stream " + spec.id() + "): "
            + oneLine(e.getMessage()), e));
      }
      return cursor;
    }, cursor -> {
      if (cursor.grabber != null) {
        try {
          cursor.grabber.close();
        } catch (FrameGrabber.Exception e) {
          counters.error(e.getMessage());
        }
      }
    }).subscribeOn(thread).doFinally(s -> thread.dispose());
  }

  /** Opens the file again for the next pass; its times follow the last frame by one frame interval. */
  private void restart(Cursor cursor) throws FrameGrabber.Exception {
    cursor.grabber.close();
    cursor.grabber = null;
    cursor.passOffset = cursor.lastTimestamp + Math.round(1e6 / nominalFrameRate());
    cursor.grabber = open();
  }

  private double nominalFrameRate() {
    return frameRate > 0 ? frameRate : 25;
  }

  private FFmpegFrameGrabber open() throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(spec.location());
    grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      grabber.close();
      throw e;
    }
    if (grabber.getImageWidth() <= 0) {
      grabber.close();
      throw new FrameGrabber.Exception("no video stream");
    }
    frameRate = grabber.getFrameRate();
    counters.state(SourceState.LIVE);
    return grabber;
  }

  /** First line of a grabber message, without JavaCV's generic hints. */
  static String oneLine(String message) {
    String m = Messages.firstLine(message);
    int hint = m.indexOf(" (Has setFormat() been called?)");
    return hint < 0 ? m : m.substring(0, hint);
  }

  @Override
  public void close() {
    closed = true;
  }
}
