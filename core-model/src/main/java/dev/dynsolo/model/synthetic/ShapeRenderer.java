package dev.dynsolo.model.synthetic;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Rasterizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws scenes of overlapping circles, squares and triangles of several sizes and colours on a
 * textured background. Masks are rasterised first and pixels painted from them, so image and masks
 * agree exactly; later shapes occlude earlier ones. The stream module's synthetic source uses it too.
 */
public final class ShapeRenderer {
  /** Shapes whose visible part is smaller than this many pixels are not kept. */
  public static final int MIN_VISIBLE_AREA = 40;

  private final int width;
  private final int height;

  public ShapeRenderer(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** A random scene with 1..maxShapes shapes of 8 % to 50 % of the short side. */
  public ShapeScene randomScene(Random random, int maxShapes) {
    return randomScene(random, maxShapes, 0.08, 0.5);
  }

  /**
   * A random scene with 1..maxShapes shapes whose size is between the given fractions of the short
   * side (smaller sizes are more frequent).
   */
  public ShapeScene randomScene(Random random, int maxShapes, double minFraction, double maxFraction) {
    return randomScene(random, maxShapes, minFraction, maxFraction, 0);
  }

  /**
   * As above; each shape after the first takes the colour of one drawn before it with chance
   * {@code sharedColour}, so masks cannot tell shapes apart by colour alone (0 draws exactly what
   * the other overloads draw).
   */
  public ShapeScene randomScene(Random random, int maxShapes, double minFraction, double maxFraction,
      double sharedColour) {
    byte[] pixels = background(random);
    List<int[]> colours = new ArrayList<>();
    int count = 1 + random.nextInt(maxShapes);
    List<ShapeKind> kinds = new ArrayList<>();
    List<boolean[]> masks = new ArrayList<>();
    int shortSide = Math.min(width, height);
    for (int i = 0; i < count; i++) {
      ShapeKind kind = ShapeKind.values()[random.nextInt(ShapeKind.values().length)];
      double size = shortSide * (minFraction + (maxFraction - minFraction) * Math.pow(random.nextDouble(), 1.5));
      double cx = random.nextDouble() * width;
      double cy = random.nextDouble() * height;
      double angle = random.nextDouble() * Math.PI * 2;
      boolean[] mask = draw(kind, cx, cy, size, angle);
      int[] colour = sharedColour > 0 && !colours.isEmpty() && random.nextDouble() < sharedColour
          ? colours.get(random.nextInt(colours.size()))
          : new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      colours.add(colour);
      paint(pixels, mask, colour, random);
      for (boolean[] earlier : masks) {
        for (int p = 0; p < earlier.length; p++) {
          earlier[p] &= !mask[p];
        }
      }
      kinds.add(kind);
      masks.add(mask);
    }
    List<ShapeScene.VisibleShape> visible = new ArrayList<>();
    for (int i = 0; i < masks.size(); i++) {
      int area = 0;
      for (boolean b : masks.get(i)) {
        area += b ? 1 : 0;
      }
      if (area >= MIN_VISIBLE_AREA) {
        visible.add(new ShapeScene.VisibleShape(kinds.get(i), masks.get(i), area));
      }
    }
    return new ShapeScene(new RgbImage(width, height, pixels), visible);
  }

  /** The shape's mask; {@code size} is the circle diameter or the polygon's circumscribed diameter. */
  public boolean[] draw(ShapeKind kind, double cx, double cy, double size, double angle) {
    boolean[] mask = new boolean[width * height];
    double r = size / 2;
    switch (kind) {
      case CIRCLE -> {
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            double dx = x + 0.5 - cx;
            double dy = y + 0.5 - cy;
            mask[y * width + x] = dx * dx + dy * dy <= r * r;
          }
        }
      }
      case SQUARE -> Rasterizer.fillPolygon(mask, width, height, regular(4, cx, cy, r, angle));
      case TRIANGLE -> Rasterizer.fillPolygon(mask, width, height, regular(3, cx, cy, r, angle));
      default -> throw new IllegalArgumentException("unknown shape " + kind);
    }
    return mask;
  }

  private static double[] regular(int sides, double cx, double cy, double r, double angle) {
    double[] xy = new double[sides * 2];
    for (int i = 0; i < sides; i++) {
      double a = angle + 2 * Math.PI * i / sides;
      xy[2 * i] = cx + r * Math.cos(a);
      xy[2 * i + 1] = cy + r * Math.sin(a);
    }
    return xy;
  }

  /** A textured background: a colour gradient, stripes and noise. */
  public byte[] background(Random random) {
    byte[] pixels = new byte[width * height * 3];
    int[] base = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
    int[] step = {random.nextInt(81) - 40, random.nextInt(81) - 40, random.nextInt(81) - 40};
    double stripe = 4 + random.nextInt(28);
    double stripeAngle = random.nextDouble() * Math.PI;
    double sa = Math.sin(stripeAngle);
    double ca = Math.cos(stripeAngle);
    int stripeStrength = random.nextInt(40);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double t = (double) (x + y) / (width + height);
        boolean band = ((int) Math.floor((x * ca + y * sa) / stripe) & 1) == 0;
        int p = (y * width + x) * 3;
        for (int c = 0; c < 3; c++) {
          int v = (int) (base[c] + step[c] * t) + (band ? stripeStrength : 0) + random.nextInt(17) - 8;
          pixels[p + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return pixels;
  }

  /** Paints the mask's pixels in a colour with a little noise. */
  public static void paint(byte[] pixels, boolean[] mask, int[] colour, Random random) {
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        for (int c = 0; c < 3; c++) {
          int v = colour[c] + random.nextInt(13) - 6;
          pixels[i * 3 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
  }
}
