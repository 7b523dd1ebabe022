package dev.dynsolo.stream.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka topic: each event is produced keyed by its stream id (so one stream's events stay in
 * order on one partition), with headers {@code event-id} and {@code kind}; taken once every in-sync
 * replica has it ({@code acks=all}, idempotent producer). Any failure closes the producer, so the
 * next attempt starts with fresh metadata.
 */
final class KafkaTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 15;

  private final String topic;
  private final Map<String, Object> config;
  private KafkaProducer<String, String> producer;

  /** @param properties extra producer settings (security, SASL, TLS), already checked */
  KafkaTransport(String clientId, String bootstrap, String topic, Map<String, String> properties) {
    this.topic = topic;
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000); // waiting for metadata of an absent broker
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    c.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.putAll(properties); // may tune timeouts; never the settings at-least-once rests on (EventDelivery.Kafka)
    this.config = Map.copyOf(c);
  }

  @Override
  public String deliver(String id, String json) {
    JsonNode event;
    try {
      event = JSON.readTree(json);
    } catch (java.io.IOException e) {
      return "event " + id + " is not JSON: " + e.getMessage();
    }
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.path("source").asText("unknown"), json);
    record.headers().add("event-id", id.getBytes(StandardCharsets.UTF_8));
    record.headers().add("kind", event.path("kind").asText("event").getBytes(StandardCharsets.UTF_8));
    try {
      if (producer == null) {
        producer = new KafkaProducer<>(config);
      }
      producer.send(record).get(WAIT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      drop();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return "broker unreachable or refused (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    } catch (TimeoutException e) {
      drop();
      return "broker did not acknowledge within " + WAIT_SECONDS + " s";
    } catch (org.apache.kafka.common.KafkaException e) {
      drop();
      return "producer failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void drop() {
    if (producer != null) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  @Override
  public void close() {
    drop();
  }
}
