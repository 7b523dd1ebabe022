package dev.dynsolo.stream.source;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.synthetic.MovingShapes;
import dev.dynsolo.stream.frame.VideoFrame;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The built-in scene: circles, squares and triangles like the training generator's, moving and
 * bouncing over a textured background at a fixed frame rate ({@link MovingShapes}). A live source (keeps the newest
 * frame), so the whole system runs with no camera and no file.
 */
public final class SyntheticSource implements FrameSource {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;
  public static final double DEFAULT_FPS = 10;

  private final SourceSpec spec;
  private final SourceCounters counters;
  private final long seed;
  private final Scheduler thread;
  private volatile boolean closed;

  public SyntheticSource(SourceSpec spec, long seed) {
    this.spec = spec;
    this.counters = new SourceCounters(spec.id());
    this.seed = seed;
    this.thread = Schedulers.newSingle("synthetic-" + spec.id());
  }

  @Override
  public SourceSpec spec() {
    return spec;
  }

  @Override
  public double nominalFps() {
    return spec.targetFps() > 0 ? spec.targetFps() : DEFAULT_FPS;
  }

  @Override
  public SourceStatus status() {
    return counters.snapshot();
  }

  @Override
  public Flux<VideoFrame> frames() {
    double fps = spec.targetFps() > 0 ? spec.targetFps() : DEFAULT_FPS;
    MovingShapes scene = new MovingShapes(WIDTH, HEIGHT, seed, 4, false);
    counters.state(SourceState.LIVE);
    long start = System.nanoTime();
    Flux<VideoFrame> produced = Flux.interval(Duration.ofNanos((long) (1e9 / fps)), thread)
        .takeWhile(tick -> !closed)
        .map(tick -> {
          RgbImage image = scene.nextImage();
          counters.frame();
          long now = System.nanoTime();
          return new VideoFrame(spec.id(), tick, (now - start) / 1000, now, image);
        })
        .doFinally(s -> {
          counters.state(SourceState.ENDED);
          thread.dispose();
        });
    return LatestFrames.keepLatest(produced, counters);
  }

  @Override
  public void close() {
    closed = true;
  }
}
