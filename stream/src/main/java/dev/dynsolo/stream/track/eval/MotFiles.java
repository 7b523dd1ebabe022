package dev.dynsolo.stream.track.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MOTChallenge text files, the format TrackEval and the MOT benchmarks read: ground truth
 * ({@code frame,id,left,top,width,height,1,1,1}: considered, class pedestrian, visible) and tracker
 * output ({@code frame,id,left,top,width,height,score,-1,-1,-1}).
 */
public final class MotFiles {
  private MotFiles() {}

  public static void writeGroundTruth(Path file, List<MotRow> rows) {
    write(file, rows, true);
  }

  public static void writeTracks(Path file, List<MotRow> rows) {
    write(file, rows, false);
  }

  private static void write(Path file, List<MotRow> rows, boolean truth) {
    StringBuilder out = new StringBuilder();
    for (MotRow r : rows) {
      out.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%s", r.frame(), r.id(), num(r.left()), num(r.top()),
          num(r.width()), num(r.height()), truth ? "1,1,1" : num(r.confidence()) + ",-1,-1,-1")).append('\n');
    }
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Reads either kind; a malformed line fails naming the file and line. */
  public static List<MotRow> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<MotRow> rows = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      try {
        if (f.length < 7) {
          throw new IllegalArgumentException("expected at least 7 comma-separated fields, got " + f.length);
        }
        rows.add(new MotRow(Integer.parseInt(f[0].strip()), Math.round(Double.parseDouble(f[1].strip())),
            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
            Double.parseDouble(f[6])));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }
}
