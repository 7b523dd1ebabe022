package dev.dynsolo.stream.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A multicast of annotated frames per stream. Each subscriber gets a frame only when it has asked
 * for one: a subscriber still busy with the previous frame skips this one, so a slow viewer never
 * slows the pipeline or the other viewers. Publishing never blocks.
 */
public final class FramePublisher {
  private final Map<String, Sinks.Many<PublishedFrame>> streams = new ConcurrentHashMap<>();

  /** The frames of a stream from now on; completes when the stream is removed. */
  public Flux<PublishedFrame> frames(String stream) {
    return sink(stream).asFlux();
  }

  /** Whether anyone watches the stream (frames are only encoded for watched streams). */
  public boolean watched(String stream) {
    Sinks.Many<PublishedFrame> sink = streams.get(stream);
    return sink != null && sink.currentSubscriberCount() > 0;
  }

  /** Offers a frame to every subscriber that is ready for one. Call from one thread. */
  public void publish(PublishedFrame frame) {
    Sinks.Many<PublishedFrame> sink = streams.get(frame.stream());
    if (sink != null) {
      sink.tryEmitNext(frame); // no subscriber, or none ready: the frame is simply not seen
    }
  }

  /** Ends a stream's subscriptions (the stream was removed). */
  public void complete(String stream) {
    Sinks.Many<PublishedFrame> sink = streams.remove(stream);
    if (sink != null) {
      sink.tryEmitComplete();
    }
  }

  private Sinks.Many<PublishedFrame> sink(String stream) {
    return streams.computeIfAbsent(stream, k -> Sinks.many().multicast().directBestEffort());
  }
}
