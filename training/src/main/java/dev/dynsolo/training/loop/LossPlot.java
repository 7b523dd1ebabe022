package dev.dynsolo.training.loop;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws the run's loss curve (per step, smoothed) and validation AP (per validation) as a PNG. */
public final class LossPlot {
  private LossPlot() {}

  public static void write(MetricsLog metrics, Path file) {
    List<MetricsLog.StepRow> steps = metrics.readSteps();
    List<MetricsLog.ValidationRow> validation = metrics.readValidation();
    int w = 900;
    int h = 420;
    int left = 60;
    int right = 60;
    int top = 30;
    int bottom = 40;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.GRAY);
    g.drawRect(left, top, w - left - right, h - top - bottom);
    g.setColor(Color.BLACK);
    g.drawString("loss (blue, left axis) and validation mask AP (red, right axis, 0..1) by step", left, 20);
    if (!steps.isEmpty()) {
      long maxStep = steps.get(steps.size() - 1).step();
      double maxLoss = 0;
      double[] smooth = new double[steps.size()];
      double ema = steps.get(0).loss();
      for (int i = 0; i < steps.size(); i++) {
        ema = 0.9 * ema + 0.1 * steps.get(i).loss();
        smooth[i] = i < 10 ? steps.get(i).loss() : ema;
        maxLoss = Math.max(maxLoss, smooth[i]);
      }
      g.drawString(String.format("%.2f", maxLoss), 5, top + 10);
      g.drawString("0", 5, h - bottom);
      g.drawString("step " + maxStep, w - right - 60, h - 10);
      g.setColor(new Color(30, 90, 200));
      g.setStroke(new BasicStroke(1.5f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < steps.size(); i++) {
        int x = left + (int) ((w - left - right) * (double) steps.get(i).step() / maxStep);
        int y = h - bottom - (int) ((h - top - bottom) * smooth[i] / Math.max(maxLoss, 1e-9));
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.setColor(new Color(200, 40, 40));
      px = -1;
      for (MetricsLog.ValidationRow v : validation) {
        int x = left + (int) ((w - left - right) * (double) v.step() / maxStep);
        int y = h - bottom - (int) ((h - top - bottom) * Math.max(0, v.ap()));
        g.fillOval(x - 3, y - 3, 6, 6);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
    }
    g.dispose();
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
    }
  }
}
