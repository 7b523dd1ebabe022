package dev.dynsolo.stream.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.stream.delivery.EventIds;
import dev.dynsolo.stream.frame.VideoFrame;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zone entries, exits and stays, and line crossings, from scripted tracks; flicker counts once. */
class ZoneMonitorTest {
  private static final int W = 200;
  private static final int H = 200;
  private static final RgbImage IMAGE = new RgbImage(W, H, new byte[W * H * 3]);
  private static final ZoneSettings.Zone SQUARE = new ZoneSettings.Zone("door",
      List.of(List.of(50.0, 50.0), List.of(150.0, 50.0), List.of(150.0, 150.0), List.of(50.0, 150.0)), List.of(), 2.0);
  private static final ZoneSettings.Line GATE = new ZoneSettings.Line("gate", List.of(100.0, 20.0),
      List.of(100.0, 180.0), List.of("person"));

  private long sequence;

  /** A frame at 10 fps with one tracked object whose box's bottom centre is at (x, y). */
  private AnnotatedFrame frame(long track, String className, double x, double y) {
    long seq = sequence++;
    List<Instance> instances = new ArrayList<>();
    long[] ids = {};
    if (track > 0) {
      int cx = (int) Math.round(x);
      int by = (int) Math.round(y);
      Box box = new Box(cx - 5, by - 10, cx + 5, by);
      boolean[] bits = new boolean[W * H];
      for (int yy = box.y0(); yy < box.y1(); yy++) {
        for (int xx = box.x0(); xx < box.x1(); xx++) {
          bits[yy * W + xx] = true;
        }
      }
      instances.add(new Instance(0, className, 0.9f, box, Rle.fromBitmap(bits, W, H)));
      ids = new long[] {track};
    }
    VideoFrame f = new VideoFrame("cam", seq, seq * 100_000, seq, IMAGE);
    return new AnnotatedFrame(f, new Segmentation(W, H, instances), 1, 1, 1).withTracks(ids);
  }

  private static List<String> kinds(List<ZoneEvent> events) {
    return events.stream().map(e -> e.kind() + (e.direction() == null ? "" : " " + e.direction()) + " " + e.place())
        .toList();
  }

  @Test
  void anObjectFlickeringOnTheBorderEntersOnceAndLeavesOnce() {
    ZoneMonitor monitor = new ZoneMonitor(new ZoneSettings(List.of(SQUARE), List.of()), 6, new EventIds());
    List<ZoneEvent> all = new ArrayList<>();
    double[] xs = {20, 30, 40, 48, 52, 47, 53, 49, 60, 80, 100, 120, 140, 149, 152, 147, 153, 170, 190};
    for (double x : xs) {
      all.addAll(monitor.update(frame(7, "person", x, 100)));
    }
    assertEquals(List.of("ENTER door", "LEAVE door"), kinds(all), "flicker within 6 px of the border counts once");
    assertEquals(7, all.get(0).trackId());
    assertEquals("person", all.get(0).className());
  }

  @Test
  void aStayLongerThanTheDwellTimeIsReportedOnceAndCountsAreLive() {
    ZoneMonitor monitor = new ZoneMonitor(new ZoneSettings(List.of(SQUARE), List.of()), 6, new EventIds());
    List<ZoneEvent> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // 4 s inside at 10 fps
      all.addAll(monitor.update(frame(3, "dog", 100 + (i % 2), 100)));
    }
    assertEquals(List.of("ENTER door", "DWELL door"), kinds(all));
    assertEquals(2_000_000, all.get(1).timestampMicros() - all.get(0).timestampMicros(), "after 2 s");
    assertEquals(1, monitor.counts().zones().get("door").get("dog"));
    for (int i = 0; i < 31; i++) {
      all.addAll(monitor.update(frame(0, null, 0, 0))); // the object is gone
    }
    assertEquals("LEAVE door", kinds(all).get(2), "a track not seen for 30 frames leaves");
    assertTrue(monitor.counts().zones().get("door").isEmpty());
  }

  @Test
  void crossingsAreCountedByDirectionOnceEvenWithJitterOnTheLine() {
    ZoneMonitor monitor = new ZoneMonitor(new ZoneSettings(List.of(), List.of(GATE)), 6, new EventIds());
    List<ZoneEvent> all = new ArrayList<>();
    double[] xs = {60, 80, 95, 101, 97, 104, 99, 110, 130, 140};
    for (double x : xs) {
      all.addAll(monitor.update(frame(1, "person", x, 100)));
    }
    // Gate from (100,20) down to (100,180): moving right on screen goes from its right side to its left.
    assertEquals(List.of("CROSS out gate"), kinds(all));
    for (int i = xs.length - 1; i >= 0; i--) {
      all.addAll(monitor.update(frame(1, "person", xs[i], 100)));
    }
    assertEquals(List.of("CROSS out gate", "CROSS in gate"), kinds(all));
    assertEquals(1L, monitor.counts().lines().get("gate").get("in").get("person"));
    assertEquals(1L, monitor.counts().lines().get("gate").get("out").get("person"));
  }

  @Test
  void aLineOnlyCountsItsClassesAndOnlyWithinItsLength() {
    ZoneMonitor monitor = new ZoneMonitor(new ZoneSettings(List.of(), List.of(GATE)), 6, new EventIds());
    List<ZoneEvent> all = new ArrayList<>();
    for (double x = 60; x <= 140; x += 10) {
      all.addAll(monitor.update(frame(2, "cat", x, 100))); // not a person
      all.addAll(monitor.update(frame(4, "person", x, 195))); // passes below the line's end
    }
    assertTrue(all.isEmpty(), kinds(all).toString());
  }

  @Test
  void badSettingsAreRefusedNamingTheProblem() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ZoneSettings.Zone("z", List.of(List.of(0.0, 0.0), List.of(1.0, 1.0)), null, 0.0));
    assertEquals("zone z: points needs at least 3 [x, y] corners", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new ZoneSettings(List.of(SQUARE), List.of(new ZoneSettings.Line("door", List.of(0.0, 0.0),
            List.of(1.0, 1.0), null))));
    assertEquals("zone or line name 'door' is used twice", e.getMessage());
  }
}
