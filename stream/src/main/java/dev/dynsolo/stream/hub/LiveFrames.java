package dev.dynsolo.stream.hub;

import dev.dynsolo.stream.sink.PublishedFrame;
import reactor.core.publisher.Flux;

/** A stream's live frames for a viewer, as the WebSocket endpoint needs them. */
public interface LiveFrames {

  boolean exists(String id);

  /** Live frames with the server's overlay, or without it (masks drawn by the viewer); ends when the stream is removed. */
  Flux<PublishedFrame> frames(String id, boolean annotated);
}
