package dev.dynsolo.stream.sink;

import dev.dynsolo.stream.delivery.EventIds;
import dev.dynsolo.stream.overlay.Overlay;
import dev.dynsolo.stream.track.TrackerSettings;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every stream's sinks share: the overlay in force, the live view (null for a headless run),
 * its JPEG encoder, the event sink (or null), how recorders are made, where missed frames are
 * counted, the clock of the retry pauses, how objects are tracked, where zone events go, how they
 * get their ids and where their snapshots are kept (null for none).
 */
public record SinkContext(Supplier<Overlay> overlay, FramePublisher publisher, JpegEncoder jpeg, EventSink events,
    Recorder.Factory recorders, SinkGuard.MissedFrames missed, LongSupplier clock, TrackerSettings tracking,
    ZoneEventListener zoneEvents, EventIds eventIds, SnapshotStore snapshots) {

  /** Told of every zone and line event (the metrics, deliveries to other systems). */
  public interface ZoneEventListener {
    void accept(String stream, java.util.List<dev.dynsolo.stream.zone.ZoneEvent> events);

    ZoneEventListener NONE = (stream, events) -> { };
  }
}
