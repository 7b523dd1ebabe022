package dev.dynsolo.stream.zone;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import dev.dynsolo.stream.delivery.EventIds;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one stream's tracked objects into zone and line events. An object's position is the bottom
 * centre of its box (where a person stands). With hysteresis, a position that flickers near a border
 * or a line counts once: it must be {@code margin} pixels inside a zone to be in, as far outside to
 * be out, and as far past a line (crossing its segment) to have crossed. An object not seen for
 * {@code forgetFrames} frames leaves the zones it was in. Keeps live counts: objects per zone and
 * class, crossings per line, direction and class. Used from one thread (the stream's sinks); the
 * counts may be read from any.
 */
public final class ZoneMonitor {
  private static final int FORGET_FRAMES = 30;

  private final ZoneSettings settings;
  private final double margin;
  private final Map<Long, Tracked> tracks = new HashMap<>();
  private final EventIds ids;
  private long frame;
  private volatile Counts counts = new Counts(Map.of(), Map.of());

  /** Live counts: zone -> class -> objects inside; line -> direction -> class -> crossings. */
  public record Counts(Map<String, Map<String, Integer>> zones, Map<String, Map<String, Map<String, Long>>> lines) {}

  private final Map<String, Map<String, Map<String, Long>>> crossings = new TreeMap<>();

  /** What is known of one track. */
  private static final class Tracked {
    String className;
    long lastFrame;
    final Map<String, Long> insideSince = new HashMap<>(); // zone -> stream micros it entered
    final java.util.Set<String> dwelled = new java.util.HashSet<>();
    final Map<String, Integer> side = new HashMap<>(); // line -> -1 or +1, confirmed
    final Map<String, double[]> sideAt = new HashMap<>(); // line -> position where that side was confirmed
  }

  /**
   * @param margin the hysteresis band, in pixels
   * @param ids gives each event its id
   */
  public ZoneMonitor(ZoneSettings settings, double margin, EventIds ids) {
    this.ids = ids;
    this.settings = settings;
    this.margin = margin;
  }

  /** The events of one tracked frame (untracked instances are ignored). */
  public List<ZoneEvent> update(AnnotatedFrame f) {
    frame++;
    List<ZoneEvent> events = new ArrayList<>();
    List<Instance> instances = f.segmentation().instances();
    long micros = f.frame().timestampMicros();
    for (int i = 0; i < instances.size(); i++) {
      long id = f.trackId(i);
      if (id < 0) {
        continue;
      }
      Instance inst = instances.get(i);
      Tracked t = tracks.computeIfAbsent(id, k -> new Tracked());
      t.className = inst.className();
      t.lastFrame = frame;
      double[] p = anchor(inst.box());
      for (ZoneSettings.Zone z : settings.zones()) {
        if (z.counts(inst.className())) {
          zone(z, t, p, events, id, inst, f);
        }
      }
      for (ZoneSettings.Line l : settings.lines()) {
        if (l.counts(inst.className())) {
          line(l, t, p, events, id, inst, f);
        }
      }
    }
    for (Iterator<Map.Entry<Long, Tracked>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Tracked> e = it.next();
      Tracked t = e.getValue();
      if (frame - t.lastFrame > FORGET_FRAMES) {
        for (String zone : t.insideSince.keySet()) {
          events.add(new ZoneEvent(ids.next(), ZoneEvent.Kind.LEAVE, zone, null, e.getKey(), t.className, 0, null, micros,
              f.frame().sequence(), false));
        }
        it.remove();
      }
    }
    counts = snapshot();
    return events;
  }

  private void zone(ZoneSettings.Zone z, Tracked t, double[] p, List<ZoneEvent> events, long id, Instance inst,
      AnnotatedFrame f) {
    double depth = Polygons.signedDistance(z.points(), p[0], p[1]); // > 0 inside
    boolean inside = t.insideSince.containsKey(z.name());
    long micros = f.frame().timestampMicros();
    if (!inside && depth >= margin) {
      t.insideSince.put(z.name(), micros);
      events.add(event(ZoneEvent.Kind.ENTER, z.name(), null, id, inst, f));
    } else if (inside && depth <= -margin) {
      t.insideSince.remove(z.name());
      t.dwelled.remove(z.name());
      events.add(event(ZoneEvent.Kind.LEAVE, z.name(), null, id, inst, f));
    } else if (inside && z.dwellSeconds() > 0 && !t.dwelled.contains(z.name())
        && micros - t.insideSince.get(z.name()) >= z.dwellSeconds() * 1e6) {
      t.dwelled.add(z.name());
      events.add(event(ZoneEvent.Kind.DWELL, z.name(), null, id, inst, f));
    }
  }

  private void line(ZoneSettings.Line l, Tracked t, double[] p, List<ZoneEvent> events, long id, Instance inst,
      AnnotatedFrame f) {
    double ax = l.from().get(0);
    double ay = l.from().get(1);
    double bx = l.to().get(0);
    double by = l.to().get(1);
    double length = Math.hypot(bx - ax, by - ay);
    double d = ((bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)) / length; // > 0: right of from -> to on screen
    if (Math.abs(d) < margin) {
      return; // in the band: no side is confirmed
    }
    int side = d > 0 ? 1 : -1;
    Integer before = t.side.get(l.name());
    double[] from = t.sideAt.get(l.name());
    t.side.put(l.name(), side);
    t.sideAt.put(l.name(), p);
    if (before != null && before != side && Polygons.segmentsCross(from[0], from[1], p[0], p[1], ax, ay, bx, by)) {
      String direction = side > 0 ? "in" : "out";
      crossings.computeIfAbsent(l.name(), k -> new TreeMap<>()).computeIfAbsent(direction, k -> new TreeMap<>())
          .merge(inst.className(), 1L, Long::sum);
      events.add(event(ZoneEvent.Kind.CROSS, l.name(), direction, id, inst, f));
    }
  }

  private ZoneEvent event(ZoneEvent.Kind kind, String place, String direction, long id, Instance inst,
      AnnotatedFrame f) {
    return new ZoneEvent(ids.next(), kind, place, direction, id, inst.className(), inst.score(), inst.box(),
        f.frame().timestampMicros(), f.frame().sequence(), false);
  }

  /** The bottom centre of a box. */
  static double[] anchor(Box b) {
    return new double[] {(b.x0() + b.x1()) / 2.0, b.y1()};
  }

  private Counts snapshot() {
    Map<String, Map<String, Integer>> zones = new LinkedHashMap<>();
    for (ZoneSettings.Zone z : settings.zones()) {
      Map<String, Integer> perClass = new TreeMap<>();
      for (Tracked t : tracks.values()) {
        if (t.insideSince.containsKey(z.name())) {
          perClass.merge(t.className, 1, Integer::sum);
        }
      }
      zones.put(z.name(), perClass);
    }
    Map<String, Map<String, Map<String, Long>>> lines = new LinkedHashMap<>();
    for (ZoneSettings.Line l : settings.lines()) {
      Map<String, Map<String, Long>> byDirection = new TreeMap<>();
      for (var e : crossings.getOrDefault(l.name(), Map.of()).entrySet()) {
        byDirection.put(e.getKey(), new TreeMap<>(e.getValue()));
      }
      lines.put(l.name(), byDirection);
    }
    return new Counts(zones, lines);
  }

  public Counts counts() {
    return counts;
  }
}
