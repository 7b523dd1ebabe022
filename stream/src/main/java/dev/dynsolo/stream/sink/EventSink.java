package dev.dynsolo.stream.sink;

import dev.dynsolo.stream.pipeline.AnnotatedFrame;

/** Where detection events go, one per frame; other transports (Kafka, MQTT) implement this. */
public interface EventSink extends AutoCloseable {

  void accept(AnnotatedFrame frame);

  @Override
  void close();
}
