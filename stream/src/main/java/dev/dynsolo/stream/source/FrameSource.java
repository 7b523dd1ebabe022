package dev.dynsolo.stream.source;

import dev.dynsolo.stream.frame.VideoFrame;
import reactor.core.publisher.Flux;

/**
 * Where frames come from. {@link #frames()} may be subscribed once; it completes at the end of a
 * file and errors when a source cannot be opened at all. Closing stops grabbing and completes it.
 */
public interface FrameSource extends AutoCloseable {

  SourceSpec spec();

  SourceStatus status();

  Flux<VideoFrame> frames();

  /** Frames per second this source delivers, as far as known (recordings use it as their rate). */
  double nominalFps();

  @Override
  void close();
}
