package dev.dynsolo.stream.overlay;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Locale;

/**
 * Draws instances onto a copy of the frame: translucent masks in per-class colours, contours,
 * "#track class score" labels, optional boxes, and an optional fps/latency stamp.
 */
public final class Overlay {
  private final OverlaySettings settings;

  public Overlay(OverlaySettings settings) {
    this.settings = settings;
  }

  public RgbImage draw(AnnotatedFrame annotated, double fps) {
    RgbImage frame = annotated.frame().image();
    int w = frame.width();
    int h = frame.height();
    BufferedImage canvas = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] argb = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    byte[] src = frame.pixels();
    for (int i = 0; i < argb.length; i++) {
      argb[i] = ((src[3 * i] & 0xff) << 16) | ((src[3 * i + 1] & 0xff) << 8) | (src[3 * i + 2] & 0xff);
    }
    List<Instance> all = annotated.segmentation().instances();
    List<Instance> shown = new java.util.ArrayList<>();
    java.util.Map<Instance, Long> tracks = new java.util.IdentityHashMap<>();
    for (int k = 0; k < all.size(); k++) {
      Instance i = all.get(k);
      if (settings.shows(i.className(), i.score())) {
        shown.add(i);
        tracks.put(i, annotated.trackId(k));
      }
    }
    int alpha = (int) Math.round(settings.maskOpacity() * 256);
    for (Instance instance : shown) {
      blendMask(argb, w, instance, ClassColours.rgb(instance.classId()), alpha);
    }
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 40)));
    for (Instance instance : shown) {
      Color colour = ClassColours.of(instance.classId());
      if (settings.contours()) {
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        for (int[] polygon : instance.polygons()) {
          drawPolygon(g, polygon);
        }
      }
      Box box = instance.box();
      if (settings.boxes()) {
        g.setColor(colour);
        g.drawRect(box.x0(), box.y0(), box.width() - 1, box.height() - 1);
      }
      if (settings.labels()) {
        long track = tracks.get(instance);
        String label = track >= 0
            ? String.format(Locale.ROOT, "#%d %s %.2f", track, instance.className(), instance.score())
            : String.format(Locale.ROOT, "%s %.2f", instance.className(), instance.score());
        int tw = g.getFontMetrics().stringWidth(label) + 6;
        int th = g.getFontMetrics().getHeight();
        int ty = Math.max(0, box.y0() - th);
        g.setColor(colour.darker());
        g.fillRect(box.x0(), ty, tw, th);
        g.setColor(Color.WHITE);
        g.drawString(label, box.x0() + 3, ty + th - g.getFontMetrics().getDescent());
      }
    }
    if (settings.stamp()) {
      String stamp = String.format(Locale.ROOT, "%s  %.1f fps  %.0f ms  batch %d", annotated.frame().sourceId(), fps,
          annotated.ageMillis(), annotated.batchSize());
      g.setColor(new Color(0, 0, 0, 160));
      g.fillRect(0, 0, g.getFontMetrics().stringWidth(stamp) + 10, g.getFontMetrics().getHeight() + 4);
      g.setColor(Color.WHITE);
      g.drawString(stamp, 5, g.getFontMetrics().getAscent() + 2);
    }
    g.dispose();
    byte[] out = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = (byte) (argb[i] >> 16);
      out[3 * i + 1] = (byte) (argb[i] >> 8);
      out[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, out);
  }

  /** Blends the colour into the mask's pixels, walking the RLE runs (column-major) directly. */
  private static void blendMask(int[] argb, int width, Instance instance, int rgb, int alpha) {
    int[] counts = instance.mask().counts();
    int height = instance.mask().height();
    int cr = (rgb >> 16) & 0xff;
    int cg = (rgb >> 8) & 0xff;
    int cb = rgb & 0xff;
    long index = 0;
    for (int k = 0; k < counts.length; k++) {
      if (k % 2 == 1) {
        for (long p = index; p < index + counts[k]; p++) {
          int x = (int) (p / height);
          int y = (int) (p % height);
          int i = y * width + x;
          int v = argb[i];
          int r = (((v >> 16) & 0xff) * (256 - alpha) + cr * alpha) >> 8;
          int gg = (((v >> 8) & 0xff) * (256 - alpha) + cg * alpha) >> 8;
          int b = ((v & 0xff) * (256 - alpha) + cb * alpha) >> 8;
          argb[i] = (r << 16) | (gg << 8) | b;
        }
      }
      index += counts[k];
    }
  }

  private static void drawPolygon(Graphics2D g, int[] polygon) {
    int n = polygon.length / 2;
    int[] xs = new int[n];
    int[] ys = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = polygon[2 * i];
      ys[i] = polygon[2 * i + 1];
    }
    g.drawPolygon(xs, ys, n);
  }
}
