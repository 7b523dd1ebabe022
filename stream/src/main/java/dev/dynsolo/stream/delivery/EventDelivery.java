package dev.dynsolo.stream.delivery;

import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Zone and line events to other systems, at least once: each event gets an id and is written to the
 * outbox of every destination before this returns; each destination's sender then delivers from
 * its outbox on its own thread. Events queued before a restart are delivered after it.
 */
public final class EventDelivery implements AutoCloseable {
  /** A webhook destination: its name (for status and the outbox folder) and URL. */
  public record Webhook(String name, String url) {
    public Webhook {
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("events.webhooks: name '" + name + "' must be 1-64 letters, digits,"
            + " '.', '_' or '-'");
      }
      if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
        throw new IllegalArgumentException("events.webhooks." + name + ": url must start with http:// or https://");
      }
      URI.create(url);
    }
  }

  /**
   * An MQTT destination: events go with QoS 1 to {@code <topic>/<stream>/<kind>}.
   *
   * @param url {@code tcp://host:1883} or {@code ssl://host:8883}
   * @param username null or empty for none
   * @param password with a username
   */
  public record Mqtt(String name, String url, String topic, String username, String password) {
    public Mqtt {
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("events.mqtt: name '" + name + "' must be 1-64 letters, digits,"
            + " '.', '_' or '-'");
      }
      if (url == null || !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
        throw new IllegalArgumentException("events.mqtt." + name + ": url must start with tcp:// or ssl://");
      }
      topic = topic == null || topic.isBlank() ? "dynsolo" : topic;
      if (topic.contains("#") || topic.contains("+")) {
        throw new IllegalArgumentException("events.mqtt." + name + ": topic must not contain # or +");
      }
    }
  }

  private final List<Outbox> outboxes = new ArrayList<>();
  private final List<OutboxSender> senders = new ArrayList<>();

  /** @param outboxRoot one folder per destination goes here */
  public EventDelivery(Path outboxRoot, int outboxLimit, List<Webhook> webhooks) {
    this(outboxRoot, outboxLimit, webhooks, List.of());
  }

  /** @param outboxRoot one folder per destination goes here (destination names must differ) */
  public EventDelivery(Path outboxRoot, int outboxLimit, List<Webhook> webhooks, List<Mqtt> brokers) {
    for (Webhook w : webhooks) {
      add(w.name(), new HttpTransport(URI.create(w.url())), outboxRoot, outboxLimit);
    }
    for (Mqtt m : brokers) {
      add(m.name(), new MqttTransport(m.url(), m.topic(), "dynsolo-" + m.name(), m.username(), m.password()),
          outboxRoot, outboxLimit);
    }
  }

  private void add(String name, Transport transport, Path outboxRoot, int outboxLimit) {
    if (senders.stream().anyMatch(s -> s.name().equals(name))) {
      throw new IllegalArgumentException("events: destination name '" + name + "' is used twice");
    }
    Outbox outbox = new Outbox(outboxRoot.resolve(name), outboxLimit);
    outboxes.add(outbox);
    senders.add(new OutboxSender(name, transport, outbox));
  }

  /** Queues a stream's events for every destination. */
  public void publish(String stream, List<ZoneEvent> events) {
    for (ZoneEvent e : events) {
      String json = DetectionEvents.toJson(stream, e).toString();
      for (Outbox o : outboxes) {
        o.add(e.id(), json);
      }
    }
    senders.forEach(OutboxSender::wake);
  }

  public List<OutboxSender> destinations() {
    return List.copyOf(senders);
  }

  @Override
  public void close() {
    senders.forEach(OutboxSender::close);
  }
}
