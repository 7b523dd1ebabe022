package dev.dynsolo.model.synthetic;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Rle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The built-in scene as a simulation that knows the truth: circles, squares and triangles moving
 * and bouncing over a textured background, later shapes in front of earlier ones, optionally
 * behind a pillar in the middle of the frame (heavy occlusion). Each frame comes with every
 * shape's identity and the box of its visible part, so trackers can be scored against it. Not
 * thread-safe: one simulation per stream.
 */
public final class MovingShapes {
  /** A shape's truth in one frame: identity, class, its visible part (mask and box), visible fraction. */
  public record Truth(int id, int classId, Rle visibleMask, Box visibleBox, double visibleFraction) {}

  /** One rendered frame and its truth (shapes with no visible pixel are left out). */
  public record SceneFrame(RgbImage image, List<Truth> truth) {}

  private static final int[] PILLAR_COLOUR = {70, 70, 80};

  private final int width;
  private final int height;
  private final long seed;
  private final ShapeRenderer renderer;
  private final byte[] background;
  private final List<Mover> movers = new ArrayList<>();
  private final boolean pillar;
  private long tick;

  private static final class Mover {
    int id;
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

  /**
   * @param shapes how many shapes move
   * @param pillar whether a pillar in the middle hides what passes behind it
   */
  public MovingShapes(int width, int height, long seed, int shapes, boolean pillar) {
    this.width = width;
    this.height = height;
    this.seed = seed;
    this.pillar = pillar;
    Random random = new Random(seed);
    this.renderer = new ShapeRenderer(width, height);
    this.background = renderer.background(random);
    for (int i = 0; i < shapes; i++) {
      Mover m = new Mover();
      m.id = i + 1;
      m.kind = ShapeKind.values()[i % ShapeKind.values().length];
      m.colour = new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      m.size = 70 + random.nextDouble() * 110;
      m.x = m.size + random.nextDouble() * (width - 2 * m.size);
      m.y = m.size / 2 + random.nextDouble() * (height - m.size);
      m.vx = (random.nextDouble() * 2 - 1) * 6;
      m.vy = (random.nextDouble() * 2 - 1) * 6;
      m.angle = random.nextDouble() * Math.PI;
      m.spin = (random.nextDouble() * 2 - 1) * 0.05;
      movers.add(m);
    }
  }

  /** Renders the current frame with its truth and moves every shape one step. */
  public SceneFrame next() {
    return render(true);
  }

  /** Renders the current frame only (no truth) and moves every shape one step. */
  public RgbImage nextImage() {
    return render(false).image();
  }

  /** Moves every shape {@code ticks} steps without rendering (what that many {@link #next()} calls would move). */
  public void skip(int ticks) {
    for (int t = 0; t < ticks; t++) {
      tick++;
      for (Mover m : movers) {
        move(m);
      }
    }
  }

  private SceneFrame render(boolean withTruth) {
    byte[] pixels = background.clone();
    Random noise = new Random(seed + tick++);
    int[] owner = withTruth ? new int[width * height] : null; // the shape (id) showing at each pixel, 0 = none
    int[] full = new int[movers.size()];
    for (int k = 0; k < movers.size(); k++) {
      Mover m = movers.get(k);
      boolean[] mask = renderer.draw(m.kind, m.x, m.y, m.size, m.angle);
      ShapeRenderer.paint(pixels, mask, m.colour, noise);
      for (int i = 0; withTruth && i < mask.length; i++) {
        if (mask[i]) {
          owner[i] = m.id;
          full[k]++;
        }
      }
      move(m);
    }
    if (pillar) {
      int x0 = width / 2 - width / 16;
      int x1 = width / 2 + width / 16;
      for (int y = 0; y < height; y++) {
        for (int x = x0; x < x1; x++) {
          int i = y * width + x;
          if (owner != null) {
            owner[i] = 0;
          }
          pixels[3 * i] = (byte) PILLAR_COLOUR[0];
          pixels[3 * i + 1] = (byte) PILLAR_COLOUR[1];
          pixels[3 * i + 2] = (byte) PILLAR_COLOUR[2];
        }
      }
    }
    List<Truth> truth = new ArrayList<>();
    for (int k = 0; withTruth && k < movers.size(); k++) {
      Mover m = movers.get(k);
      boolean[] visible = new boolean[width * height];
      int count = 0;
      for (int i = 0; i < owner.length; i++) {
        if (owner[i] == m.id) {
          visible[i] = true;
          count++;
        }
      }
      if (count > 0) {
        Rle mask = Rle.fromBitmap(visible, width, height);
        truth.add(new Truth(m.id, m.kind.ordinal(), mask, mask.boundingBox(), full[k] == 0 ? 0 : (double) count / full[k]));
      }
    }
    return new SceneFrame(new RgbImage(width, height, pixels), truth);
  }

  private void move(Mover m) {
    m.x += m.vx;
    m.y += m.vy;
    m.angle += m.spin;
    double r = m.size / 2;
    if (m.x < r || m.x > width - r) {
      m.vx = -m.vx;
    }
    if (m.y < r || m.y > height - r) {
      m.vy = -m.vy;
    }
  }
}
