package dev.dynsolo.training.loop;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's metrics files: {@code metrics.csv} (one row per step) and {@code validation.csv}
 * (one row per validation), appended so a resumed run continues them.
 */
public final class MetricsLog {
  /** One step; the class cross-entropy is the last column, so files from before it still read (as 0). */
  public record StepRow(long step, int epoch, float learningRate, float loss, float focal, float dice,
      float classCrossEntropy, double imagesPerSecond) {}

  public record ValidationRow(long step, int epoch, double ap, double ap50, double ap75) {}

  private final Path steps;
  private final Path validation;

  public MetricsLog(Path runDir) {
    this.steps = runDir.resolve("metrics.csv");
    this.validation = runDir.resolve("validation.csv");
  }

  public void append(StepRow r) {
    write(steps, "step,epoch,lr,loss,focal,dice,images_per_s,class_ce", String.format(Locale.ROOT,
        "%d,%d,%.6g,%.5f,%.5f,%.5f,%.2f,%.5f", r.step(), r.epoch(), r.learningRate(), r.loss(), r.focal(), r.dice(),
        r.imagesPerSecond(), r.classCrossEntropy()));
  }

  public void append(ValidationRow r) {
    write(validation, "step,epoch,ap,ap50,ap75", String.format(Locale.ROOT, "%d,%d,%.4f,%.4f,%.4f", r.step(),
        r.epoch(), r.ap(), r.ap50(), r.ap75()));
  }

  /** Drops rows after {@code step} (a resumed run rewrites what the killed run wrote past its checkpoint). */
  public void truncateAfter(long step) {
    for (Path file : List.of(steps, validation)) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(file);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
          if (kept.isEmpty() || Long.parseLong(line.substring(0, line.indexOf(','))) <= step) {
            kept.add(line);
          }
        }
        Files.write(file, kept);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public List<StepRow> readSteps() {
    List<StepRow> rows = new ArrayList<>();
    for (String[] f : rows(steps)) {
      rows.add(new StepRow(Long.parseLong(f[0]), Integer.parseInt(f[1]), Float.parseFloat(f[2]), Float.parseFloat(f[3]),
          Float.parseFloat(f[4]), Float.parseFloat(f[5]), f.length > 7 ? Float.parseFloat(f[7]) : 0f,
          Double.parseDouble(f[6])));
    }
    return rows;
  }

  public List<ValidationRow> readValidation() {
    List<ValidationRow> rows = new ArrayList<>();
    for (String[] f : rows(validation)) {
      rows.add(new ValidationRow(Long.parseLong(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
          Double.parseDouble(f[3]), Double.parseDouble(f[4])));
    }
    return rows;
  }

  private static List<String[]> rows(Path file) {
    List<String[]> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 1; i < lines.size(); i++) {
        out.add(lines.get(i).split(","));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String header, String row) {
    try {
      boolean fresh = !Files.exists(file);
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        if (fresh) {
          w.write(header);
          w.newLine();
        }
        w.write(row);
        w.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
