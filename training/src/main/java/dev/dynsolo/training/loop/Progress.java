package dev.dynsolo.training.loop;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar: epoch, bar, step, loss terms, learning rate, images/s and ETA. Redrawn
 * in place on a terminal; on a log (no console) printed about ten times per epoch.
 */
final class Progress {
  private final PrintStream out;
  private final boolean terminal;

  Progress(PrintStream out) {
    this.out = out;
    this.terminal = System.console() != null;
  }

  void step(long step, long totalSteps, int epoch, int epochs, int stepInEpoch, int stepsPerEpoch, float loss,
      float focal, float classCrossEntropy, float dice, float lr, double imagesPerSecond, double etaSeconds) {
    int width = 20;
    int filled = (int) Math.round(width * (double) stepInEpoch / stepsPerEpoch);
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    String line = String.format(Locale.ROOT,
        "epoch %d/%d [%s] %d/%d  loss %.4f (focal %.4f%s dice %.4f)  lr %.2e  %.1f img/s  ETA %s",
        epoch + 1, epochs, bar, stepInEpoch, stepsPerEpoch, loss, focal,
        classCrossEntropy == 0 ? "" : String.format(Locale.ROOT, " class %.4f", classCrossEntropy), dice, lr,
        imagesPerSecond, duration(etaSeconds));
    if (terminal) {
      out.print("\r" + line);
      if (stepInEpoch == stepsPerEpoch) {
        out.println();
      }
    } else if (stepInEpoch == stepsPerEpoch || stepInEpoch % Math.max(1, stepsPerEpoch / 10) == 0) {
      out.println(line);
    }
    out.flush();
  }

  void message(String text) {
    out.println(text);
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%02d:%02d", s / 60, s % 60);
  }
}
