package dev.dynsolo.stream.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.stream.Await;
import dev.dynsolo.stream.LoopbackPorts;
import dev.dynsolo.stream.zone.ZoneEvent;
import io.moquette.broker.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT delivery against a real broker started in the test JVM (Moquette, on 127.0.0.1): the broker
 * is stopped for 30 s in the middle of a stream of events and started again, and every event
 * arrives, on its stream's topic.
 */
class MqttDeliveryTest {
  @TempDir Path dir;
  private final Map<String, String> received = new ConcurrentHashMap<>(); // event id -> topic
  private Server broker;
  private MqttClient subscriber;
  private int port;

  private void startBroker() throws Exception {
    Properties p = new Properties();
    p.setProperty("host", "127.0.0.1");
    p.setProperty("port", String.valueOf(port));
    p.setProperty("allow_anonymous", "true");
    p.setProperty("persistence_enabled", "false");
    p.setProperty("telemetry_enabled", "false");
    broker = new Server();
    broker.startServer(p);
    subscriber = new MqttClient("tcp://127.0.0.1:" + port, "test-subscriber", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    subscriber.connect(options);
    subscriber.subscribe("dynsolo/#", 1, (topic, message) -> received.put(
        new ObjectMapper().readTree(new String(message.getPayload(), StandardCharsets.UTF_8)).get("id").asText(), topic));
  }

  private void stopBroker() throws Exception {
    subscriber.disconnectForcibly(0, 1000);
    subscriber.close(true);
    broker.stopServer();
  }

  @AfterEach
  void stop() throws Exception {
    if (broker != null) {
      try {
        stopBroker();
      } catch (Exception ignored) {
        // already stopped
      }
    }
  }


  @Test
  void everyEventArrivesAfterTheBrokerWasDownFor30Seconds() throws Exception {
    port = LoopbackPorts.free();
    startBroker();
    EventDelivery.Mqtt mqtt = new EventDelivery.Mqtt("broker", "tcp://127.0.0.1:" + port, null, null, null);
    try (EventDelivery delivery = new EventDelivery(dir.resolve("outbox"), 1000, List.of(), List.of(mqtt))) {
      delivery.publish("door", events(5));
      Await.until(() -> received.size() == 5, Duration.ofSeconds(30), "events before the outage");
      assertTrue(received.values().stream().allMatch("dynsolo/door/enter"::equals), received.toString());

      stopBroker();
      delivery.publish("door", events(8));
      Thread.sleep(30_000);
      assertEquals(8, delivery.destinations().get(0).pending(), "kept while the broker is down");
      startBroker();
      Await.until(() -> received.size() == 13, Duration.ofSeconds(45), "every event after the broker is back");
      assertEquals(0, delivery.destinations().get(0).pending());
    }
  }

  private static List<ZoneEvent> events(int n) {
    return TestZoneEvents.of(ZoneEvent.Kind.ENTER, n, 1);
  }
}
