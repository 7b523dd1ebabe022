package dev.dynsolo.stream.sink;

import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.util.List;

/** Where detection events go, one per frame, and zone and line events; other transports implement this. */
public interface EventSink extends AutoCloseable {

  void accept(AnnotatedFrame frame);

  /** A stream's zone and line events of one frame (none by default). */
  default void acceptZoneEvents(String stream, List<ZoneEvent> events) {}

  @Override
  void close();
}
