package dev.dynsolo.stream.delivery;

import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Zone and line events to other systems (webhooks, MQTT, Kafka), at least once: each event gets an id and is written to the
 * outbox of every destination before this returns; each destination's sender then delivers from
 * its outbox on its own thread. Events queued before a restart are delivered after it.
 */
public final class EventDelivery implements AutoCloseable {
  /** A webhook destination: its name (for status and the outbox folder) and URL. */
  public record Webhook(String name, String url) {
    public Webhook {
      checkName("webhooks", name);
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
      checkName("mqtt", name);
      if (url == null || !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
        throw new IllegalArgumentException("events.mqtt." + name + ": url must start with tcp:// or ssl://");
      }
      topic = topic == null || topic.isBlank() ? "dynsolo" : topic;
      if (topic.contains("#") || topic.contains("+")) {
        throw new IllegalArgumentException("events.mqtt." + name + ": topic must not contain # or +");
      }
    }

    /** Without the password, and the URL redacted: safe to log. */
    @Override
    public String toString() {
      return "Mqtt[name=" + name + ", url=" + Secrets.redact(url) + ", topic=" + topic + ", username="
          + (username == null || username.isEmpty() ? "none" : "set") + "]";
    }
  }

  /**
   * A Kafka destination: events go to one topic, keyed by stream id.
   *
   * @param bootstrap {@code host:port[,host:port...]}
   * @param properties extra producer settings (security.protocol, sasl.*, ssl.*, timeouts), may be null
   */
  public record Kafka(String name, String bootstrap, String topic, Map<String, String> properties) {
    /** Settings at-least-once delivery rests on, which the configuration may not change. */
    static final Set<String> RESERVED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.CLIENT_ID_CONFIG);

    public Kafka {
      checkName("kafka", name);
      if (bootstrap == null || !bootstrap.matches("[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*")) {
        throw new IllegalArgumentException("events.kafka." + name + ": bootstrap must be host:port[,host:port...], got '"
            + Secrets.redact(String.valueOf(bootstrap)) + "'");
      }
      topic = topic == null || topic.isBlank() ? "dynsolo.events" : topic;
      if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("events.kafka." + name + ": topic '" + topic
            + "' must be 1-249 letters, digits, '.', '_' or '-'");
      }
      properties = properties == null ? Map.of() : Map.copyOf(properties);
      for (String key : properties.keySet()) {
        if (RESERVED.contains(key)) {
          throw new IllegalArgumentException("events.kafka." + name + ".properties: '" + key
              + "' is set by dynsolo (at-least-once delivery needs it)");
        }
        if (!ProducerConfig.configNames().contains(key)) {
          throw new IllegalArgumentException("events.kafka." + name + ".properties: '" + key
              + "' is not a Kafka producer setting");
        }
      }
    }

    /** Setting names only (their values may hold passwords): safe to log. */
    @Override
    public String toString() {
      return "Kafka[name=" + name + ", bootstrap=" + Secrets.redact(bootstrap) + ", topic=" + topic + ", properties="
          + new java.util.TreeSet<>(properties.keySet()) + "]";
    }
  }

  private static void checkName(String section, String name) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("events." + section + ": name '" + name + "' must be 1-64 letters, digits,"
          + " '.', '_' or '-'");
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
    this(outboxRoot, outboxLimit, webhooks, brokers, List.of());
  }

  /** @param outboxRoot one folder per destination goes here (destination names must differ) */
  public EventDelivery(Path outboxRoot, int outboxLimit, List<Webhook> webhooks, List<Mqtt> brokers,
      List<Kafka> topics) {
    for (Webhook w : webhooks) {
      add(w.name(), new HttpTransport(URI.create(w.url())), outboxRoot, outboxLimit);
    }
    for (Mqtt m : brokers) {
      add(m.name(), new MqttTransport(m.url(), m.topic(), "dynsolo-" + m.name(), m.username(), m.password()),
          outboxRoot, outboxLimit);
    }
    for (Kafka k : topics) {
      add(k.name(), new KafkaTransport("dynsolo-" + k.name(), k.bootstrap(), k.topic(), k.properties()),
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
