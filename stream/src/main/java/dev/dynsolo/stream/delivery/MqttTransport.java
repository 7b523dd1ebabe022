package dev.dynsolo.stream.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An MQTT broker: each event is published with QoS 1 (the broker acknowledges it) to
 * {@code <topic>/<stream>/<kind>}, e.g. {@code dynsolo/door/cross}; taken once acknowledged. The
 * connection is opened when needed and dropped on any failure, so the next attempt starts clean.
 */
final class MqttTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String topic;
  private final String clientId;
  private final String username;
  private final String password;
  private MqttClient client;

  MqttTransport(String url, String topic, String clientId, String username, String password) {
    this.url = url;
    this.topic = topic;
    this.clientId = clientId;
    this.username = username;
    this.password = password;
  }

  @Override
  public String deliver(String id, String json) {
    String target;
    try {
      JsonNode event = JSON.readTree(json);
      target = topic + "/" + event.path("source").asText("unknown") + "/" + event.path("kind").asText("event");
    } catch (java.io.IOException e) {
      return "event " + id + " is not JSON: " + e.getMessage();
    }
    try {
      if (client == null || !client.isConnected()) {
        connect();
      }
      MqttMessage message = new MqttMessage(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      message.setQos(1);
      client.publish(target, message); // waits for the broker's acknowledgement
      return null;
    } catch (MqttException e) {
      drop();
      return "broker unreachable or refused (MQTT reason " + e.getReasonCode() + ")";
    }
  }

  private void connect() throws MqttException {
    drop();
    MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    options.setKeepAliveInterval(30);
    options.setAutomaticReconnect(false);
    if (username != null && !username.isEmpty()) {
      options.setUserName(username);
      options.setPassword(password == null ? new char[0] : password.toCharArray());
    }
    c.setTimeToWait(10_000);
    c.connect(options);
    client = c;
  }

  private void drop() {
    if (client != null) {
      try {
        client.disconnectForcibly(0, 1000);
      } catch (MqttException ignored) {
        // gone either way
      }
      try {
        client.close(true);
      } catch (MqttException ignored) {
        // gone either way
      }
      client = null;
    }
  }

  @Override
  public void close() {
    drop();
  }
}
