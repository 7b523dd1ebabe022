package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a token configured, the API, the live view and the metrics refuse requests without it. */
class AccessTokenTest {
  private static final String TOKEN = "test-token-0123456789";
  @TempDir static Path dir;
  static Application app;

  @BeforeAll
  static void start() {
    app = TestApps.demo(dir.resolve("recordings"), Map.of("token", TOKEN));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void requestsWithoutTheTokenAreRefused() throws Exception {
    Http anonymous = new Http(app.url(), null);
    for (String path : new String[] {"/api/streams", "/api/model", "/api/recordings", "/metrics", "/api/ready"}) {
      Http.Reply reply = anonymous.get(path);
      assertEquals(401, reply.status(), path);
      assertTrue(reply.json().get("error").asText().contains("access token"), reply.body());
    }
    assertEquals(401, new Http(app.url(), "wrong-token-0123456789").get("/api/streams").status());
    assertEquals(401, anonymous.send("POST", "/api/streams", "{\"name\":\"x\",\"source\":\"demo\"}").status());
    assertEquals(200, anonymous.get("/").status(), "the page itself holds no data");

    assertEquals(200, new Http(app.url(), TOKEN).get("/api/streams").status());
    assertEquals(200, anonymous.get("/api/streams?token=" + TOKEN).status());
  }

  @Test
  void theLiveViewNeedsTheTokenToo() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String ws = app.url().replace("http://", "ws://") + "ws/streams/demo";
    CompletionException refused = assertThrows(CompletionException.class,
        () -> client.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {}).join());
    assertTrue(refused.getCause() instanceof WebSocketHandshakeException);
    assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    WebSocket open = client.newWebSocketBuilder().buildAsync(URI.create(ws + "?token=" + TOKEN),
        new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
    open.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }
}
