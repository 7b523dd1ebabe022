package dev.dynsolo.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  private static final Path REFERENCE = Path.of("..", "config", "reference.yaml");
  @TempDir Path dir;

  @Test
  void theReferenceDocumentsExactlyTheDefaults() throws Exception {
    AppConfig fromReference = AppConfig.load(REFERENCE, name -> null);
    assertEquals(AppConfig.defaultsWith(Map.of()), fromReference);
    String reference = Files.readString(REFERENCE);
    String defaults = new String(AppConfig.class.getResourceAsStream("/dynsolo/app-defaults.yaml").readAllBytes());
    assertEquals(body(reference), body(defaults), "app-defaults.yaml must be config/reference.yaml without its header");
  }

  /** The text from the first key on. */
  private static String body(String yaml) {
    return yaml.substring(yaml.indexOf("\nmodel:") + 1);
  }

  @Test
  void aFileWithStreamsAndSecretsFromTheEnvironment() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, """
        server:
          port: 9090
          token: ${SOLO_TOKEN}
        streams:
          - name: door
            source: rtsp://viewer:${CAM_PASSWORD}@127.0.0.1:8554/door
            targetFps: 5
          - name: demo
            source: demo
            record: true
        """);
    AppConfig config = AppConfig.load(file, Map.of("SOLO_TOKEN", "0123456789abcdef", "CAM_PASSWORD", "pw")::get);
    assertEquals(9090, config.server().port());
    assertEquals("0123456789abcdef", config.server().token());
    assertEquals(List.of("door", "demo"), config.streams().stream().map(StreamSection::name).toList());
    assertEquals("rtsp://viewer:pw@127.0.0.1:8554/door", config.streams().get(0).spec().location());
    assertEquals(5.0, config.streams().get(0).spec().targetFps());
    assertTrue(config.streams().get(1).recordAtStart());
    assertEquals("models/demo", config.model().bundle());
  }

  @Test
  void aKafkaDestinationWithProducerSettingsAndASecretFromTheEnvironment() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, """
        events:
          kafka:
            - name: bus
              bootstrap: 127.0.0.1:9092,127.0.0.1:9093
              properties:
                security.protocol: SASL_PLAINTEXT
                sasl.mechanism: PLAIN
                sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="cam" password="${KAFKA_PASSWORD}";
                linger.ms: 5
        """);
    AppConfig config = AppConfig.load(file, Map.of("KAFKA_PASSWORD", "p#w: \"x")::get);
    var kafka = config.events().kafka().get(0);
    assertEquals("127.0.0.1:9092,127.0.0.1:9093", kafka.bootstrap());
    assertEquals("dynsolo.events", kafka.topic());
    assertEquals("5", kafka.properties().get("linger.ms"));
    assertTrue(kafka.properties().get("sasl.jaas.config").endsWith("password=\"p#w: \"x\";"));
  }

  @Test
  void badSettingsAreNamedOnOneLine() throws Exception {
    assertProblem("server:\n  prot: 80\n", "unknown key 'server.prot'");
    assertProblem("server:\n  port: 70000\n", "server.port must be 0..65535, got 70000");
    assertProblem("server:\n  host: 0.0.0.0\n", "server.token is required when server.host is 0.0.0.0");
    assertProblem("pipeline:\n  maxBatch: many\n", "bad value for 'pipeline.maxBatch'");
    assertProblem("streams:\n  - name: a\n    source: ftp://x/y\n", "unsupported source scheme in 'ftp://x/y'");
    assertProblem("streams:\n  - name: a\n    source: demo\n  - name: a\n    source: demo\n", "'a' is used twice");
    assertProblem("streams:\n  - name: a\n    source: /no/such/file.mp4\n", "source file /no/such/file.mp4 not found");
    assertProblem("events:\n  maskFormat: png\n", "events.maskFormat must be rle or polygon, got png");
    assertProblem("streams:\n  - name: cam\n    source: demo\n    policy: lossless\n",
        "policy lossless of cam needs a file or images");
    assertProblem("model:\n  thresholds:\n    score: 0.3\n    kernal: linear\n", "unknown key 'model.thresholds.kernal'");
    assertProblem("server:\n  token: ${NOT_SET_ANYWHERE}\n", "environment variable NOT_SET_ANYWHERE is not set");
    assertProblem("server: [1, 2\n", "not valid YAML");
    assertProblem("tracking:\n  maskWeight: 2\n", "tracking.maskWeight must be in [0.0, 1.0], got 2.0");
    assertProblem("tracking:\n  lostFrame: 10\n", "unknown key 'tracking.lostFrame'");
    assertProblem("pipeline:\n  stallSeconds: 0\n", "pipeline.stallSeconds must be >= 1, got 0");
    assertProblem("events:\n  webhooks:\n    - name: home\n      url: ftp://x\n",
        "events.webhooks.home: url must start with http:// or https://");
    assertProblem("streams:\n  - name: cam\n    source: demo\n    loop: true\n", "loop of cam needs a video file");
    assertProblem("events:\n  kafka:\n    - name: bus\n      bootstrap: 127.0.0.1:9092\n      properties:\n"
        + "        batch.sise: 10\n", "events.kafka.bus.properties: 'batch.sise' is not a Kafka producer setting");
    assertProblem("events:\n  kafka:\n    - name: bus\n      bootstrap: 127.0.0.1:9092\n  mqtt:\n    - name: bus\n"
        + "      url: tcp://127.0.0.1:1883\n", "events: destination name 'bus' is used twice");
  }

  private void assertProblem(String yaml, String expected) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppConfig.load(file, n -> null));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
  }
}
