package dev.dynsolo.app.config;

import dev.dynsolo.stream.delivery.EventDelivery;
import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.sink.JpegEncoder;
import dev.dynsolo.stream.sink.SnapshotStore;
import java.util.List;
import java.util.Locale;

/**
 * {@code events:} one JSON line per frame (and per zone event) to a file, {@code -} for standard
 * output, or empty for none; zone and line events to webhooks, MQTT brokers and Kafka topics
 * through an on-disk outbox.
 *
 * @param outbox folder of the events waiting for delivery, one subfolder per destination
 * @param outboxLimit most events kept per destination (the oldest are dropped beyond)
 * @param webhooks destinations that receive each zone event as an HTTP POST of its JSON
 * @param mqtt brokers that receive each zone event on {@code <topic>/<stream>/<kind>} with QoS 1
 * @param kafka clusters that receive each zone event on their topic, keyed by stream id
 * @param snapshots folder of the zone events' JPEG snapshots (frame and object), empty for none
 * @param snapshotLimit most events whose snapshots are kept (the oldest are removed beyond)
 */
public record EventsSection(String file, String maskFormat, String outbox, int outboxLimit,
    List<EventDelivery.Webhook> webhooks, List<EventDelivery.Mqtt> mqtt, List<EventDelivery.Kafka> kafka,
    String snapshots, int snapshotLimit) {
  public EventsSection {
    file = file == null ? "" : file;
    format(maskFormat);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    mqtt = mqtt == null ? List.of() : List.copyOf(mqtt);
    kafka = kafka == null ? List.of() : List.copyOf(kafka);
    snapshots = snapshots == null ? "" : snapshots;
    if (snapshotLimit < 1) {
      throw new IllegalArgumentException("events.snapshotLimit must be >= 1, got " + snapshotLimit);
    }
    if (outboxLimit < 1) {
      throw new IllegalArgumentException("events.outboxLimit must be >= 1, got " + outboxLimit);
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.stream.Stream.of(webhooks.stream().map(EventDelivery.Webhook::name), mqtt.stream().map(EventDelivery.Mqtt::name),
        kafka.stream().map(EventDelivery.Kafka::name)).flatMap(n -> n).forEach(name -> {
          if (!names.add(name)) {
            throw new IllegalArgumentException("events: destination name '" + name + "' is used twice");
          }
        });
  }

  /** Where snapshots are kept, or null when they are off. */
  public SnapshotStore snapshotStore(int jpegQuality) {
    return snapshots.isEmpty() ? null
        : new SnapshotStore(java.nio.file.Path.of(snapshots), snapshotLimit, new JpegEncoder(jpegQuality));
  }

  /** The deliveries to start, or null when no destination is configured. */
  public EventDelivery delivery() {
    return webhooks.isEmpty() && mqtt.isEmpty() && kafka.isEmpty() ? null
        : new EventDelivery(java.nio.file.Path.of(outbox), outboxLimit, webhooks, mqtt, kafka);
  }

  public DetectionEvents.MaskFormat format() {
    return format(maskFormat);
  }

  private static DetectionEvents.MaskFormat format(String text) {
    try {
      return DetectionEvents.MaskFormat.valueOf(String.valueOf(text).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("events.maskFormat must be rle or polygon, got " + text);
    }
  }
}
