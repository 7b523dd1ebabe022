package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import java.net.Socket;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint against the real server with the demo model, bad inputs included. */
class ApiTest {
  @TempDir static Path dir;
  static Application app;
  static Http http;

  @BeforeAll
  static void start() {
    app = TestApps.demo(dir.resolve("recordings"), Map.of());
    http = new Http(app.url(), null);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void assertError(Http.Reply reply, int status, String text) {
    assertEquals(status, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
    String error = reply.json().get("error").asText();
    assertTrue(error.contains(text), error);
    assertFalse(reply.body().contains("\tat "), "no stack trace: " + reply.body());
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    assertEquals("up", http.get("/api/health").json().get("status").asText());
    TestApps.waitFor(() -> call(() -> http.get("/api/ready").status() == 200), "readiness");
    JsonNode ready = http.get("/api/ready").json();
    assertEquals("live", ready.get("streams").get("demo").asText());
    TestApps.waitFor(() -> call(() -> http.get("/metrics").body().contains("solo_frames_inferred_total{stream=\"demo\"}")),
        "inferred frames in /metrics");
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("solo_source_dropped{stream=\"demo\"}"), "drops per stream");
    assertTrue(metrics.contains("solo_inference_latency_seconds"), "inference latency");
  }

  @Test
  void objectsOfTheDemoSceneHaveTracksWithIdsInTheApiAndTheLiveViewJson() throws Exception {
    TestApps.waitFor(() -> call(() -> http.get("/api/streams/demo/tracks").json().get("tracks").size() >= 2),
        "confirmed tracks of the demo scene's shapes");
    JsonNode track = http.get("/api/streams/demo/tracks").json().get("tracks").get(0);
    assertTrue(track.get("id").asLong() > 0, track.toString());
    assertTrue(List.of("circle", "square", "triangle").contains(track.get("className").asText()), track.toString());
    assertTrue(track.get("box").has("x0") && track.get("lastFrame").asLong() >= track.get("firstFrame").asLong());
    // Shapes keep their ids while they move: some id of one reading is still there a second later.
    java.util.Set<Long> before = trackIds();
    boolean kept = false;
    for (int attempt = 0; attempt < 30 && !kept; attempt++) {
      Thread.sleep(1000);
      java.util.Set<Long> now = trackIds();
      kept = before.stream().anyMatch(now::contains);
      before = now;
    }
    assertTrue(kept, "no track id lasted a second: " + http.get("/api/streams/demo/tracks").body());
    assertError(http.get("/api/streams/nope/tracks"), 404, "no stream named nope");
  }

  @Test
  void zonesAndLinesOfAStreamAddedOverTheApiReportLiveCountsAndMetrics() throws Exception {
    String body = "{\"name\":\"zoned\",\"source\":\"demo\",\"zones\":[{\"name\":\"frame\",\"points\":"
        + "[[0,0],[640,0],[640,480],[0,480]],\"classes\":[]}],\"lines\":[{\"name\":\"middle\",\"from\":[320,0],"
        + "\"to\":[320,480]}]}";
    Http.Reply added = http.send("POST", "/api/streams", body);
    assertEquals(201, added.status(), added.body());
    try {
      TestApps.waitFor(() -> call(() -> http.get("/api/streams/zoned/zones").json().get("counts").get("zones")
          .get("frame").size() > 0), "objects counted in the zone");
      JsonNode zones = http.get("/api/streams/zoned/zones").json();
      assertEquals("middle", zones.get("settings").get("lines").get(0).get("name").asText());
      TestApps.waitFor(() -> call(() -> http.get("/metrics").body().contains("solo_zone_events_total{class=")
          && http.get("/metrics").body().contains("kind=\"enter\",place=\"frame\",stream=\"zoned\"")),
          "zone entries in /metrics");
      JsonNode replaced = http.send("PUT", "/api/streams/zoned/zones", "{\"zones\":[],\"lines\":[{\"name\":\"diagonal\","
          + "\"from\":[0,0],\"to\":[640,480],\"classes\":[\"circle\"]}]}").json();
      assertEquals("diagonal", replaced.get("settings").get("lines").get(0).get("name").asText());
      assertEquals(0, replaced.get("settings").get("zones").size());
      assertError(http.send("PUT", "/api/streams/zoned/zones", "{\"lines\":[{\"name\":\"l\",\"from\":[0,0],"
          + "\"to\":[0,0]}]}"), 400, "line l: from and to are the same point");
      assertError(http.send("PUT", "/api/streams/nope/zones", "{}"), 404, "no stream named nope");
      assertError(http.send("POST", "/api/streams", "{\"name\":\"badzone\",\"source\":\"demo\",\"zones\":"
          + "[{\"name\":\"z\",\"points\":[[0,0],[1,1]]}]}"), 400, "zone z: points needs at least 3 [x, y] corners");
    } finally {
      http.send("DELETE", "/api/streams/zoned", null);
    }
  }

  private static java.util.Set<Long> trackIds() throws Exception {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    http.get("/api/streams/demo/tracks").json().get("tracks").forEach(t -> ids.add(t.get("id").asLong()));
    return ids;
  }

  @Test
  void modelInfoAndThresholdsChangeAtRunTime() throws Exception {
    JsonNode model = http.get("/api/model").json();
    assertEquals("nano", model.get("preset").asText());
    assertEquals("circle", model.get("classes").get(0).get("name").asText());
    assertTrue(model.get("classes").get(0).get("colour").asText().matches("#[0-9a-f]{6}"));
    JsonNode changed = http.send("PUT", "/api/model/thresholds", "{\"score\":0.3,\"kernel\":\"linear\"}").json();
    assertEquals(0.3, changed.get("score").asDouble(), 1e-6);
    assertEquals("linear", http.get("/api/model").json().get("thresholds").get("kernel").asText());
    http.send("PUT", "/api/model/thresholds", "{\"score\":0.1,\"kernel\":\"gaussian\"}");
    assertError(http.send("PUT", "/api/model/thresholds", "{\"score\":2}"), 400, "score");
    assertError(http.send("PUT", "/api/model/thresholds", "{\"kernel\":\"box\"}"), 400, "gaussian or linear");
    assertError(http.send("PUT", "/api/model/thresholds", "{\"scroe\":0.2}"), 400, "unknown field 'scroe'");

    JsonNode overlay = http.send("PUT", "/api/overlay", "{\"minScore\":0.4,\"classes\":[\"square\"]}").json();
    assertEquals(0.4, overlay.get("minScore").asDouble(), 1e-6);
    assertEquals("square", overlay.get("classes").get(0).asText());
    assertError(http.send("PUT", "/api/overlay", "{\"classes\":[\"dog\"]}"), 400, "unknown class 'dog'");
    assertError(http.send("PUT", "/api/overlay", "{\"minScore\":-1}"), 400, "minScore");
    http.send("PUT", "/api/overlay", "{\"minScore\":0.1,\"classes\":[]}");
  }

  @Test
  void streamsAreAddedListedAndRemoved() throws Exception {
    assertEquals("demo", http.get("/api/streams").json().get("streams").get(0).get("id").asText());
    Http.Reply added = http.send("POST", "/api/streams", "{\"name\":\"second\",\"source\":\"demo\",\"targetFps\":5}");
    assertEquals(201, added.status(), added.body());
    assertEquals("second", added.json().get("id").asText());
    TestApps.waitFor(() -> call(() -> http.get("/api/streams/second").json().get("inferredFrames").asLong() > 2),
        "frames of the added stream");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"second\",\"source\":\"demo\"}"), 409, "already exists");
    // Two clients racing for one name: one stream, every other answer 409 (not 400 or 500).
    java.util.List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.List<Thread> racers = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Thread t = new Thread(() -> {
        try {
          statuses.add(http.send("POST", "/api/streams", "{\"name\":\"race\",\"source\":\"demo\"}").status());
        } catch (Exception e) {
          statuses.add(-1);
        }
      });
      t.start();
      racers.add(t);
    }
    for (Thread t : racers) {
      t.join();
    }
    assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
    assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    TestApps.waitFor(() -> call(() -> http.get("/metrics").body().contains("stream=\"race\"")), "the race stream's meters");
    http.send("DELETE", "/api/streams/race", null);
    String metrics = http.get("/metrics").body();
    assertFalse(metrics.contains("stream=\"race\""), "a removed stream leaves no meter: " + metrics.lines()
        .filter(l -> l.contains("race")).toList());
    assertEquals(204, http.send("DELETE", "/api/streams/second", null).status());
    assertError(http.send("DELETE", "/api/streams/second", null), 404, "no stream named second");
    assertError(http.get("/api/streams/nope"), 404, "no stream named nope");
    assertEquals(1, http.get("/api/streams").json().get("streams").size());
  }

  @Test
  void badStreamRequestsGetJsonErrors() throws Exception {
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":"), 400, "malformed JSON");
    assertError(http.send("POST", "/api/streams", ""), 400, "a JSON body is required");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"ftp://h/v\"}"), 400,
        "unsupported source scheme");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"/no/such.mp4\"}"), 400, "not found");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"demo\",\"policy\":\"lossless\"}"), 400,
        "policy lossless of x needs a file or images");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"demo\",\"policy\":\"fast\"}"), 400,
        "policy must be auto, latest or lossless, got fast");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"a b\",\"source\":\"demo\"}"), 400, "stream name");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"demo\",\"colour\":1}"), 400,
        "unknown field 'colour'");
    assertError(http.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"demo\",\"pad\":\"" + "x".repeat(70_000)
        + "\"}"), 413, "larger than");
    assertError(http.send("POST", "/api/streams/nope/recording", null), 404, "no stream named nope");
    assertError(http.get("/api/nothing-here"), 404, "no such endpoint");
  }

  @Test
  void recordingStartedAndStoppedThroughTheApiIsDownloadableAndPlayable() throws Exception {
    JsonNode started = http.send("POST", "/api/streams/demo/recording", null).json();
    assertTrue(started.get("recording").asBoolean());
    long from = started.get("inferredFrames").asLong();
    TestApps.waitFor(() -> call(() -> http.get("/api/streams/demo").json().get("inferredFrames").asLong() > from + 15),
        "recorded frames");
    JsonNode stopped = http.send("DELETE", "/api/streams/demo/recording", null).json();
    String name = stopped.get("files").get(0).asText();
    JsonNode listed = http.get("/api/recordings").json().get("recordings");
    assertTrue(listed.toString().contains(name), listed.toString());
    Path downloaded = dir.resolve("download.mp4");
    Files.write(downloaded, http.bytes("/api/recordings/" + name));
    TestApps.DecodedVideo video = TestApps.decode(downloaded);
    assertTrue(video.frames() >= 10, "frames in the downloaded recording: " + video);
    assertEquals(640, video.width());
    assertError(http.get("/api/recordings/nope.mp4"), 404, "no recording named nope.mp4");
    assertNotEquals(200, http.get("/api/recordings/..%2F..%2Fpom.xml").status());
  }

  @Test
  void staticFilesCannotEscapeTheirRoot() throws Exception {
    Http.Reply index = http.get("/");
    assertEquals(200, index.status());
    assertTrue(index.body().contains("<title>dynsolo"), "the UI page");
    for (String path : new String[] {"/../pom.xml", "/%2e%2e/%2e%2e/pom.xml", "/..%2f..%2fpom.xml",
        "/%2e%2e%2f%2e%2e%2fconfig%2freference.yaml", "/webroot/../../logback.xml", "/..\\..\\pom.xml"}) {
      String raw = rawGet(path);
      assertFalse(raw.startsWith("HTTP/1.1 200"), path + " -> " + raw.lines().findFirst().orElse(""));
      assertFalse(raw.contains("<project") || raw.contains("<configuration>") || raw.contains("maxBatch"), path);
    }
  }

  /** A request sent byte for byte (no client-side path normalisation). */
  private static String rawGet(String path) throws Exception {
    java.net.URI uri = java.net.URI.create(app.url());
    try (Socket socket = new Socket("127.0.0.1", uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  interface Check {
    boolean test() throws Exception;
  }

  static boolean call(Check check) {
    try {
      return check.test();
    } catch (Exception e) {
      return false;
    }
  }
}
