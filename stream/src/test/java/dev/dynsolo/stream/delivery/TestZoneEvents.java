package dev.dynsolo.stream.delivery;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.util.ArrayList;
import java.util.List;

/** Zone events for the delivery tests: unique ids, tracks numbered from {@code firstTrack}. */
final class TestZoneEvents {
  private static final EventIds IDS = new EventIds();

  private TestZoneEvents() {}

  static List<ZoneEvent> of(ZoneEvent.Kind kind, int n, long firstTrack) {
    List<ZoneEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(new ZoneEvent(IDS.next(), kind, "gate", kind == ZoneEvent.Kind.CROSS ? "in" : null, firstTrack + i,
          "person", 0.9f, new Box(1, 2, 3, 4), i * 100_000L, i, false));
    }
    return events;
  }
}
