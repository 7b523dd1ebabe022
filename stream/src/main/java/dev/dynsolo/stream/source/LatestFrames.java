package dev.dynsolo.stream.source;

import dev.dynsolo.stream.frame.VideoFrame;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

/**
 * The live-source policy: the consumer always gets the newest frame; a frame not taken before the
 * next arrives is dropped (oldest first) and counted. Nothing queues behind a slow pipeline.
 */
final class LatestFrames {
  private LatestFrames() {}

  static Flux<VideoFrame> keepLatest(Flux<VideoFrame> produced, SourceCounters counters) {
    return produced.onBackpressureBuffer(1, dropped -> counters.drop(), BufferOverflowStrategy.DROP_OLDEST);
  }
}
