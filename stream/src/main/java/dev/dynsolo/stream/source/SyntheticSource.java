package dev.dynsolo.stream.source;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.synthetic.ShapeKind;
import dev.dynsolo.model.synthetic.ShapeRenderer;
import dev.dynsolo.stream.frame.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The built-in scene: circles, squares and triangles like the training generator's, moving and
 * bouncing over a textured background at a fixed frame rate. A live source (keeps the newest
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

  /** A moving shape: kind, colour, size, angle, position and velocity in pixels per frame. */
  private static final class Mover {
    ShapeKind kind;
    int[] colour;
    double size;
    double angle;
    double spin;
    double x;
    double y;
    double vx;
    double vy;
  }

  @Override
  public Flux<VideoFrame> frames() {
    double fps = spec.targetFps() > 0 ? spec.targetFps() : DEFAULT_FPS;
    Random random = new Random(seed);
    ShapeRenderer renderer = new ShapeRenderer(WIDTH, HEIGHT);
    byte[] background = renderer.background(random);
    List<Mover> movers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Mover m = new Mover();
      m.kind = ShapeKind.values()[i % ShapeKind.values().length];
      m.colour = new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      m.size = 70 + random.nextDouble() * 110;
      m.x = m.size + random.nextDouble() * (WIDTH - 2 * m.size);
      m.y = m.size / 2 + random.nextDouble() * (HEIGHT - m.size);
      m.vx = (random.nextDouble() * 2 - 1) * 6;
      m.vy = (random.nextDouble() * 2 - 1) * 6;
      m.angle = random.nextDouble() * Math.PI;
      m.spin = (random.nextDouble() * 2 - 1) * 0.05;
      movers.add(m);
    }
    counters.state(SourceState.LIVE);
    long start = System.nanoTime();
    Flux<VideoFrame> produced = Flux.interval(Duration.ofNanos((long) (1e9 / fps)), thread)
        .takeWhile(tick -> !closed)
        .map(tick -> {
          byte[] pixels = background.clone();
          Random noise = new Random(seed + tick);
          for (Mover m : movers) {
            ShapeRenderer.paint(pixels, renderer.draw(m.kind, m.x, m.y, m.size, m.angle), m.colour, noise);
            move(m);
          }
          counters.frame();
          long now = System.nanoTime();
          return new VideoFrame(spec.id(), tick, (now - start) / 1000, now, new RgbImage(WIDTH, HEIGHT, pixels));
        })
        .doFinally(s -> {
          counters.state(SourceState.ENDED);
          thread.dispose();
        });
    return LatestFrames.keepLatest(produced, counters);
  }

  private static void move(Mover m) {
    m.x += m.vx;
    m.y += m.vy;
    m.angle += m.spin;
    double r = m.size / 2;
    if (m.x < r || m.x > WIDTH - r) {
      m.vx = -m.vx;
    }
    if (m.y < r || m.y > HEIGHT - r) {
      m.vy = -m.vy;
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
