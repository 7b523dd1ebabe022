package dev.dynsolo.stream.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.stream.zone.ZoneEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka delivery against a real KRaft broker started in the test JVM on 127.0.0.1: the broker is
 * stopped for 30 s in the middle of a stream of events, the delivery itself is closed and opened
 * again on its outbox meanwhile (a restart of this server), the broker starts again, and every
 * event is on the topic, keyed by its stream and carrying its id.
 */
class KafkaDeliveryTest {
  @TempDir Path dir;


  @Test
  void everyEventArrivesAfterABrokerOutageAndARestartOfTheSender() throws Exception {
    try (KafkaBroker broker = new KafkaBroker(dir.resolve("broker"))) {
      broker.start();
      EventDelivery.Kafka kafka = new EventDelivery.Kafka("bus", broker.bootstrap(), "cameras", null);
      List<ZoneEvent> sent = new ArrayList<>(events(5));
      Path outbox = dir.resolve("outbox");
      try (EventDelivery delivery = new EventDelivery(outbox, 1000, List.of(), List.of(), List.of(kafka))) {
        delivery.publish("door", sent);
        dev.dynsolo.stream.Await.until(() -> delivery.destinations().get(0).delivered() == 5, Duration.ofSeconds(60),
            "events before the outage");

        broker.stop();
        List<ZoneEvent> during = events(8);
        sent.addAll(during);
        delivery.publish("yard", during);
        Thread.sleep(15_000);
        assertEquals(8, delivery.destinations().get(0).pending(), "kept while the broker is down");
        assertTrue(delivery.destinations().get(0).lastError() != null, "the outage is reported");
      }
      Thread.sleep(15_000);
      try (EventDelivery restarted = new EventDelivery(outbox, 1000, List.of(), List.of(), List.of(kafka))) {
        assertEquals(8, restarted.destinations().get(0).pending(), "the outbox survived the restart");
        broker.start();
        dev.dynsolo.stream.Await.until(() -> restarted.destinations().get(0).pending() == 0, Duration.ofSeconds(60),
            "every queued event after the broker is back");
      }

      Map<String, ConsumerRecord<String, String>> onTopic = readAll(broker.bootstrap(), "cameras", sent.size());
      assertEquals(sent.stream().map(ZoneEvent::id).collect(Collectors.toSet()), onTopic.keySet());
      for (ZoneEvent e : sent) {
        ConsumerRecord<String, String> r = onTopic.get(e.id());
        String expectedKey = during(sent, e) ? "yard" : "door";
        assertEquals(expectedKey, r.key(), "keyed by stream");
        assertEquals("cross", new String(r.headers().lastHeader("kind").value(), StandardCharsets.UTF_8));
        assertTrue(r.value().contains("\"id\":\"" + e.id() + "\""), r.value());
      }
    }
  }

  private static boolean during(List<ZoneEvent> sent, ZoneEvent e) {
    return sent.indexOf(e) >= 5;
  }

  /** Every record on the topic from the start, by event id (duplicates, which at-least-once allows, collapse). */
  private static Map<String, ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected)
      throws InterruptedException {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<String, ConsumerRecord<String, String>> byId = new HashMap<>();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      while (byId.size() < expected && System.nanoTime() < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          byId.put(new String(r.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8), r);
        }
      }
    }
    return byId;
  }

  @Test
  void aWrongSettingIsRefusedWithItsName() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new EventDelivery.Kafka("bus", "127.0.0.1:9092", null, Map.of("lingerr.ms", "5")));
    assertEquals("events.kafka.bus.properties: 'lingerr.ms' is not a Kafka producer setting", unknown.getMessage());
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> new EventDelivery.Kafka("bus", "127.0.0.1:9092", null, Map.of("acks", "0")));
    assertTrue(reserved.getMessage().contains("'acks' is set by dynsolo"), reserved.getMessage());
    IllegalArgumentException bootstrap = assertThrows(IllegalArgumentException.class,
        () -> new EventDelivery.Kafka("bus", "kafka://127.0.0.1", null, null));
    assertTrue(bootstrap.getMessage().startsWith("events.kafka.bus: bootstrap must be host:port"), bootstrap.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EventDelivery.Kafka("bus", "h:1", "a/b", null));
    assertEquals("dynsolo.events", new EventDelivery.Kafka("bus", "h:1", null, null).topic());
    String printed = new EventDelivery.Kafka("bus", "h:1", null, Map.of("sasl.jaas.config", "... password=\"s3cret\";"))
        .toString() + new EventDelivery.Mqtt("m", "tcp://h:1883", null, "cam", "s3cret");
    assertTrue(!printed.contains("s3cret") && printed.contains("sasl.jaas.config"), printed);
  }

  private static List<ZoneEvent> events(int n) {
    return TestZoneEvents.of(ZoneEvent.Kind.CROSS, n, 1);
  }
}
