package dev.dynsolo.stream.delivery;

/** How one destination takes an event (an HTTP endpoint, an MQTT broker, a Kafka topic). */
public interface Transport extends AutoCloseable {

  /**
   * Hands one event over and waits until the destination has it.
   *
   * @return null when it was taken, else why not (the event is tried again later)
   */
  String deliver(String id, String json);

  @Override
  void close();
}
