package dev.dynsolo.stream.source;

import dev.dynsolo.stream.frame.VideoFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * An RTSP, HTTP (MJPEG, HLS) or V4L2 source, grabbed on its own thread with a reconnect watchdog: a
 * read is bounded by FFmpeg's {@code timeout}, a null frame means disconnected, and the source
 * reconnects with capped exponential backoff, forever unless {@code maxReconnects} says otherwise.
 * A first connection that fails is either retried the same way (a server, whose cameras may boot
 * after it: the state shows RECONNECTING with the last error) or reported at once as an error
 * naming the URL and the cause (the headless {@code run}, where a mistyped URL should stop it). A
 * webcam device that does not exist always fails at once.
 */
public final class LiveSource implements FrameSource {
  /** FFmpeg {@code timeout} in microseconds; a hung read returns after about four times this. */
  public static final long READ_TIMEOUT_MICROS = 2_000_000;

  private final SourceSpec spec;
  private final SourceCounters counters;
  private final Backoff backoff;
  private final int maxReconnects;
  private final boolean retryFirstConnection;
  private volatile boolean closed;
  private volatile double frameRate;
  private volatile Thread thread;

  /** A source whose first connection must succeed. */
  public LiveSource(SourceSpec spec, Backoff backoff, int maxReconnects) {
    this(spec, backoff, maxReconnects, false);
  }

  /**
   * @param maxReconnects reconnections allowed after a drop; -1 for forever
   * @param retryFirstConnection retry a failing first connection like a dropped one
   */
  public LiveSource(SourceSpec spec, Backoff backoff, int maxReconnects, boolean retryFirstConnection) {
    this.spec = spec;
    this.counters = new SourceCounters(spec.id());
    this.backoff = backoff;
    this.maxReconnects = maxReconnects;
    this.retryFirstConnection = retryFirstConnection;
    FfmpegLog.install();
  }

  @Override
  public SourceSpec spec() {
    return spec;
  }

  @Override
  public double nominalFps() {
    return spec.targetFps() > 0 ? spec.targetFps() : frameRate > 0 ? frameRate : 25;
  }

  @Override
  public SourceStatus status() {
    return counters.snapshot();
  }

  @Override
  public Flux<VideoFrame> frames() {
    Flux<VideoFrame> produced = Flux.create(sink -> {
      Thread t = new Thread(() -> grabLoop(sink), "grab-" + spec.id());
      t.setDaemon(true);
      thread = t;
      sink.onDispose(this::close);
      t.start();
    }, FluxSink.OverflowStrategy.BUFFER);
    return LatestFrames.keepLatest(produced, counters);
  }

  private void grabLoop(FluxSink<VideoFrame> sink) {
    long sequence = 0;
    long minSpacingNanos = spec.targetFps() > 0 ? (long) (1e9 / spec.targetFps()) : 0;
    long lastKept = 0;
    int failures = 0;
    boolean everLive = false;
    while (!closed) {
      FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(spec.location());
      try {
        configure(grabber);
        grabber.start();
        frameRate = grabber.getFrameRate();
        counters.state(SourceState.LIVE);
        everLive = true;
        failures = 0;
        while (!closed) {
          Frame frame = grabber.grabImage();
          if (frame == null) {
            throw new FrameGrabber.Exception("stream ended or stopped sending");
          }
          long now = System.nanoTime();
          if (minSpacingNanos > 0 && now - lastKept < minSpacingNanos) {
            continue;
          }
          lastKept = now;
          counters.frame();
          sink.next(new VideoFrame(spec.id(), sequence++, System.currentTimeMillis() * 1000, now, RgbFrames.copy(frame)));
        }
      } catch (FrameGrabber.Exception | RuntimeException e) {
        counters.error(FileSource.oneLine(e.getMessage()));
        if (closed) {
          break;
        }
        if (!everLive && (!retryFirstConnection || missingDevice())) {
          counters.state(SourceState.FAILED);
          sink.error(new SourceException("cannot open " + spec.location() + " (stream " + spec.id() + "): "
              + FileSource.oneLine(e.getMessage()), e));
          return;
        }
        if (maxReconnects >= 0 && counters.snapshot().reconnects() >= maxReconnects) {
          counters.state(SourceState.FAILED);
          sink.error(new SourceException("stream " + spec.id() + " (" + spec.location() + ") lost after "
              + maxReconnects + " reconnects: " + FileSource.oneLine(e.getMessage()), e));
          return;
        }
        counters.state(SourceState.RECONNECTING);
        sleep(backoff.delay(failures++).toMillis());
        counters.reconnect();
      } finally {
        try {
          grabber.close();
        } catch (FrameGrabber.Exception e) {
          counters.error(e.getMessage());
        }
      }
    }
    counters.state(SourceState.ENDED);
    sink.complete();
  }

  private boolean missingDevice() {
    return spec.kind() == SourceKind.WEBCAM && !java.nio.file.Files.exists(java.nio.file.Path.of(spec.location()));
  }

  private void configure(FFmpegFrameGrabber grabber) {
    grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    grabber.setOption("timeout", String.valueOf(READ_TIMEOUT_MICROS));
    switch (spec.kind()) {
      case RTSP -> grabber.setOption("rtsp_transport", spec.rtspTransport());
      case WEBCAM -> grabber.setFormat("video4linux2");
      case HTTP -> grabber.setOption("reconnect", "0");
      default -> { }
    }
  }

  private void sleep(long ms) {
    long end = System.currentTimeMillis() + ms;
    while (!closed && System.currentTimeMillis() < end) {
      try {
        Thread.sleep(Math.min(100, ms));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
