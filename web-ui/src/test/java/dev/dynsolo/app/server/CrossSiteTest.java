package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default server (loopback, no token) against what another web page can make a browser send:
 * raw HTTP over a socket, so every header is exactly what a browser would put there.
 */
class CrossSiteTest {
  @TempDir static Path dir;
  static Application app;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    Path media = java.nio.file.Files.createDirectories(dir.resolve("media"));
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", media.resolve("still.png").toFile());
    java.nio.file.Files.createSymbolicLink(media.resolve("escape.txt"), Path.of("/etc/hostname"));
    app = TestApps.demo(dir.resolve("recordings"), Map.of("allowedOrigins", List.of("http://dash.example:3000"),
        "mediaRoots", List.of(media.toString())));
    port = URI.create(app.url()).getPort();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aForeignPageCannotAddAStream() throws Exception {
    String body = "{\"name\":\"x\",\"source\":\"/etc/passwd\"}";
    // A "simple" cross-site request needs no preflight: text/plain with the page's Origin.
    String reply = send("POST /api/streams", "127.0.0.1:" + port, "http://evil.example", "text/plain", body);
    assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
    assertTrue(reply.contains("cross-origin request from http://evil.example refused"), reply);
    // The same body from the page's own origin but not as JSON is refused too.
    reply = send("POST /api/streams", "127.0.0.1:" + port, "http://127.0.0.1:" + port, "text/plain", body);
    assertTrue(reply.startsWith("HTTP/1.1 415"), reply);
    // A form post (no Origin in older browsers, a form content type) is refused for its type.
    reply = send("POST /api/streams", "127.0.0.1:" + port, null, "application/x-www-form-urlencoded", "name=x");
    assertTrue(reply.startsWith("HTTP/1.1 415"), reply);
  }

  @Test
  void aForeignPageCannotWatchACamera() throws Exception {
    String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    String reply = raw("GET /ws/streams/demo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\n"
        + upgrade + "\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
    reply = raw("GET /ws/streams/demo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://127.0.0.1:" + port
        + "\r\n" + upgrade + "\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 101"), "the page's own origin may watch: " + reply);
    reply = raw("GET /ws/streams/demo HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://dash.example:3000\r\n"
        + upgrade + "\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 101"), "a configured origin may watch: " + reply);
  }

  @Test
  void aRebindingNameIsNotServed() throws Exception {
    String reply = raw("GET /api/streams HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 421"), reply);
    assertTrue(!reply.contains("\"demo\""), "no stream list for a foreign host");
    reply = raw("GET /api/streams HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n");
    assertTrue(reply.startsWith("HTTP/1.1 200"), reply);
  }

  @Test
  void fileSourcesOnlyFromTheMediaRootsAndDevicesOnlyVideo() throws Exception {
    Http http = new Http(app.url(), null);
    Http.Reply outside = http.send("POST", "/api/streams", "{\"name\":\"p\",\"source\":\"/etc/passwd\"}");
    assertEquals(403, outside.status(), outside.body());
    assertTrue(outside.body().contains("server.mediaRoots"), outside.body());
    Http.Reply link = http.send("POST", "/api/streams", "{\"name\":\"l\",\"source\":\""
        + dir.resolve("media/escape.txt") + "\"}");
    assertEquals(403, link.status(), "a link out of the root is refused: " + link.body());
    Http.Reply device = http.send("POST", "/api/streams", "{\"name\":\"d\",\"source\":\"/dev/sda\"}");
    assertTrue(device.status() == 400 || device.status() == 403, device.body());
    Http.Reply inside = http.send("POST", "/api/streams", "{\"name\":\"still\",\"source\":\""
        + dir.resolve("media/still.png") + "\"}");
    assertEquals(201, inside.status(), inside.body());
    http.send("DELETE", "/api/streams/still", null);
  }

  @Test
  void toolsWithoutAnOriginStillWork() throws Exception {
    String reply = send("PUT /api/model/thresholds", "127.0.0.1:" + port, null, "application/json", "{\"score\":0.1}");
    assertEquals("HTTP/1.1 200", reply.substring(0, 12), reply);
  }

  private static String send(String requestLine, String host, String origin, String type, String body)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return raw(requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "Content-Type: " + type + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
  }

  /** Sends a raw request and returns what comes back within a second (enough for the status line). */
  private static String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      try {
        int n;
        while ((n = in.read(buffer)) > 0 && reply.size() < 65536) {
          reply.write(buffer, 0, n);
          if (reply.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && request.contains("Upgrade")) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException e) {
        // a kept-open connection: what arrived is enough
      }
      return reply.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
