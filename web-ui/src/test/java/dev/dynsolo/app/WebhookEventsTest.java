package dev.dynsolo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dynsolo.app.config.AppConfig;
import dev.dynsolo.stream.LoopbackPorts;
import dev.dynsolo.stream.delivery.Outbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real application with the demo model: zone events of a configured stream reach a webhook on 127.0.0.1. */
class WebhookEventsTest {
  @TempDir Path dir;

  @Test
  void zoneEventsOfTheDemoSceneArePostedToTheWebhookWithIdsAndTracks() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/events", exchange -> {
      received.add(new ObjectMapper().readTree(new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    endpoint.start();
    try {
      AppConfig config = AppConfig.defaultsWith(Map.of(
          "model", Map.of("bundle", TestApps.DEMO_MODEL),
          "server", Map.of("port", 0),
          "recording", Map.of("directory", dir.resolve("rec").toString(), "segmentSeconds", 0),
          "events", Map.of("outbox", dir.resolve("outbox").toString(), "snapshots", dir.resolve("snap").toString(),
              "webhooks", List.of(Map.of("name", "home",
                  "url", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/events"))),
          "streams", List.of(Map.of("name", "demo", "source", "demo", "zones",
              List.of(Map.of("name", "frame", "points", List.of(List.of(0, 0), List.of(640, 0), List.of(640, 480),
                  List.of(0, 480))))))));
      try (Application app = Application.start(config)) {
        TestApps.waitFor(() -> !received.isEmpty(), "a zone event at the webhook");
        JsonNode e = received.get(0);
        assertEquals("zone", e.get("type").asText());
        assertEquals("demo", e.get("source").asText());
        assertEquals("frame", e.get("place").asText());
        assertEquals("enter", e.get("kind").asText());
        assertTrue(e.get("track").asLong() > 0 && !e.get("id").asText().isEmpty(), e.toString());
        assertEquals("/api/snapshots/" + e.get("id").asText() + ".jpg", e.get("snapshot").asText());
        var client = java.net.http.HttpClient.newHttpClient();
        for (String link : List.of(e.get("snapshot").asText(), e.get("crop").asText())) {
          var reply = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url() + link.substring(1)))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
          assertEquals(200, reply.statusCode(), link);
          var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(reply.body()));
          assertTrue(image != null && image.getWidth() > 0, "a JPEG at " + link);
          if (link.equals(e.get("snapshot").asText())) {
            assertEquals(640, image.getWidth(), "the whole frame");
          }
        }
        var missing = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url()
            + "api/snapshots/..%2Fevents.jsonl")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode(), "only snapshot names are served");
        TestApps.waitFor(() -> app.server().registry().scrape().contains("solo_delivery_delivered_total{destination=\"home\"}"),
            "delivery figures in /metrics");
      }
    } finally {
      endpoint.stop(0);
    }
  }

  @Test
  void eventsQueuedWhileTheEndpointIsDownAreDeliveredAfterTheServerRestarts() throws Exception {
    int port = LoopbackPorts.free(); // nothing listens here during the first run
    AppConfig config = AppConfig.defaultsWith(Map.of(
        "model", Map.of("bundle", TestApps.DEMO_MODEL),
        "server", Map.of("port", 0),
        "recording", Map.of("directory", dir.resolve("rec").toString(), "segmentSeconds", 0),
        "events", Map.of("outbox", dir.resolve("outbox").toString(), "snapshots", "",
            "webhooks", List.of(Map.of("name", "home", "url", "http://127.0.0.1:" + port + "/events"))),
        "streams", List.of(Map.of("name", "demo", "source", "demo", "zones",
            List.of(Map.of("name", "frame", "points", List.of(List.of(0, 0), List.of(640, 0), List.of(640, 480),
                List.of(0, 480))))))));
    java.util.Set<String> queued = new java.util.HashSet<>();
    try (Application app = Application.start(config)) {
      Path outbox = dir.resolve("outbox").resolve("home");
      TestApps.waitFor(() -> outbox.toFile().list((d, n) -> n.endsWith(".json")).length >= 3, "events queued");
    }
    queued.addAll(new Outbox(dir.resolve("outbox").resolve("home"), 1000).ids());
    java.util.Set<String> arrived = java.util.concurrent.ConcurrentHashMap.newKeySet();
    HttpServer endpoint = idRecordingEndpoint(port, arrived);
    try (Application again = Application.start(config)) {
      TestApps.waitFor(() -> arrived.containsAll(queued), "every event queued before the restart");
    } finally {
      endpoint.stop(0);
    }
  }

  @Test
  void eventsQueuedWhenTheServerIsKilledAreDeliveredByTheNextStart() throws Exception {
    int port = LoopbackPorts.free();
    Path outbox = dir.resolve("outbox");
    Path yaml = dir.resolve("app.yaml");
    java.nio.file.Files.writeString(yaml, String.join("\n",
        "model:", "  bundle: " + Path.of(TestApps.DEMO_MODEL).toAbsolutePath(),
        "server:", "  port: 0",
        "recording:", "  directory: " + dir.resolve("rec"),
        "events:", "  outbox: " + outbox, "  snapshots: ''", "  webhooks:", "    - name: home",
        "      url: http://127.0.0.1:" + port + "/events",
        "streams:", "  - name: demo", "    source: demo", "    zones:", "      - name: frame",
        "        points: [[0, 0], [640, 0], [640, 480], [0, 480]]", ""));
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.dynsolo.app.Main", "serve", "--config", yaml.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    Path queue = outbox.resolve("home");
    try {
      TestApps.waitFor(() -> queue.toFile().isDirectory()
          && queue.toFile().list((d, n) -> n.endsWith(".json")).length >= 3, "events queued by the server");
    } finally {
      server.destroyForcibly(); // SIGKILL: no shutdown hook runs
      server.waitFor();
    }
    java.util.Set<String> queued = new java.util.HashSet<>(new Outbox(queue, 1000).ids());
    java.util.Set<String> arrived = java.util.concurrent.ConcurrentHashMap.newKeySet();
    HttpServer endpoint = idRecordingEndpoint(port, arrived);
    try (Application again = Application.start(AppConfig.load(yaml, System::getenv))) {
      TestApps.waitFor(() -> arrived.containsAll(queued), "every event queued before the kill: " + queued.size());
    } finally {
      endpoint.stop(0);
    }
  }

  /** An endpoint on 127.0.0.1 that takes every event and records its X-Event-Id. */
  private static HttpServer idRecordingEndpoint(int port, java.util.Set<String> arrived) throws java.io.IOException {
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    endpoint.createContext("/events", exchange -> {
      arrived.add(exchange.getRequestHeaders().getFirst("X-Event-Id"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    endpoint.start();
    return endpoint;
  }
}
