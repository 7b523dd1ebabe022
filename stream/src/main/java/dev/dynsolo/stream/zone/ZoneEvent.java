package dev.dynsolo.stream.zone;

import dev.dynsolo.model.api.Box;

/**
 * Something a tracked object did in a zone or at a line.
 *
 * @param id unique, sorts by time (receivers drop duplicates by it)
 * @param kind what happened
 * @param place the zone's or line's name
 * @param direction for crossings: {@code in} or {@code out}; else null
 * @param trackId the object's track id
 * @param className its class
 * @param score its latest detection score
 * @param box its latest box
 * @param timestampMicros the frame's stream time
 * @param sequence the frame's number in its stream
 * @param snapshot whether a JPEG of the frame and of the object was kept (see {@code SnapshotStore})
 */
public record ZoneEvent(String id, Kind kind, String place, String direction, long trackId, String className, float score,
    Box box, long timestampMicros, long sequence, boolean snapshot) {

  /** The same event, marked as having its snapshots. */
  public ZoneEvent withSnapshot() {
    return new ZoneEvent(id, kind, place, direction, trackId, className, score, box, timestampMicros, sequence, true);
  }

  public enum Kind {
    ENTER,
    LEAVE,
    DWELL,
    CROSS
  }
}
