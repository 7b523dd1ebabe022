package dev.dynsolo.stream.zone;

import java.util.List;

/**
 * A stream's polygonal zones and directed lines, as the YAML ({@code streams[].zones},
 * {@code streams[].lines}) and the API give them.
 *
 * @param zones areas whose entries, exits and long stays are reported
 * @param lines lines whose crossings are counted by direction
 */
public record ZoneSettings(List<Zone> zones, List<Line> lines) {
  public static final ZoneSettings NONE = new ZoneSettings(List.of(), List.of());

  public ZoneSettings {
    zones = zones == null ? List.of() : List.copyOf(zones);
    lines = lines == null ? List.of() : List.copyOf(lines);
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Zone z : zones) {
      if (!names.add(z.name())) {
        throw new IllegalArgumentException("zone or line name '" + z.name() + "' is used twice");
      }
    }
    for (Line l : lines) {
      if (!names.add(l.name())) {
        throw new IllegalArgumentException("zone or line name '" + l.name() + "' is used twice");
      }
    }
  }

  public boolean isEmpty() {
    return zones.isEmpty() && lines.isEmpty();
  }

  /**
   * A polygon in frame pixels.
   *
   * @param name its name in events, counts and metrics
   * @param points the corners [[x, y], ...], at least three
   * @param classes the classes it reports (empty = all)
   * @param dwellSeconds report a track that stays longer than this (null or 0 = never)
   */
  public record Zone(String name, List<List<Double>> points, List<String> classes, Double dwellSeconds) {
    public Zone {
      checkName(name);
      classes = classes == null ? List.of() : List.copyOf(classes);
      if (points == null || points.size() < 3) {
        throw new IllegalArgumentException("zone " + name + ": points needs at least 3 [x, y] corners");
      }
      points.forEach(p -> checkPoint("zone " + name, p));
      points = List.copyOf(points);
      dwellSeconds = dwellSeconds == null ? 0.0 : dwellSeconds;
      if (!(dwellSeconds >= 0)) {
        throw new IllegalArgumentException("zone " + name + ": dwellSeconds must be >= 0, got " + dwellSeconds);
      }
    }

    boolean counts(String className) {
      return classes.isEmpty() || classes.contains(className);
    }
  }

  /**
   * A directed line in frame pixels: crossing it from its left to its right (seen from {@code from}
   * towards {@code to}) is direction {@code in}, the other way {@code out}.
   *
   * @param name its name in events, counts and metrics
   * @param from one end [x, y]
   * @param to the other end [x, y]
   * @param classes the classes it counts (empty = all)
   */
  public record Line(String name, List<Double> from, List<Double> to, List<String> classes) {
    public Line {
      checkName(name);
      classes = classes == null ? List.of() : List.copyOf(classes);
      checkPoint("line " + name, from);
      checkPoint("line " + name, to);
      if (from.equals(to)) {
        throw new IllegalArgumentException("line " + name + ": from and to are the same point");
      }
      from = List.copyOf(from);
      to = List.copyOf(to);
    }

    boolean counts(String className) {
      return classes.isEmpty() || classes.contains(className);
    }
  }

  private static void checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("zone or line name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
  }

  private static void checkPoint(String what, List<Double> p) {
    if (p == null || p.size() != 2 || p.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
      throw new IllegalArgumentException(what + ": a point must be [x, y], got " + p);
    }
  }
}
