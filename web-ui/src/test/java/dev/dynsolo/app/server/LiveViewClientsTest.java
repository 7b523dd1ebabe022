package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty live viewers on one stream, one of which never reads: the other 49 keep receiving every
 * frame the pipeline produces, and the pipeline keeps its pace.
 */
class LiveViewClientsTest {
  @TempDir Path dir;

  @Test
  void oneStalledViewerDoesNotHoldUpFortyNineOthersOrInference() throws Exception {
    Application app = TestApps.demo(dir, Map.of("jpegQuality", 95));
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create(app.url().replace("http://", "ws://") + "ws/streams/demo");
      LiveViewer stalled = new LiveViewer(false);
      List<WebSocket> sockets = new ArrayList<>();
      sockets.add(client.newWebSocketBuilder().buildAsync(uri, stalled).get(10, TimeUnit.SECONDS));
      List<LiveViewer> viewers = new ArrayList<>();
      for (int i = 0; i < 49; i++) {
        LiveViewer v = new LiveViewer(true);
        viewers.add(v);
        sockets.add(client.newWebSocketBuilder().buildAsync(uri, v).get(10, TimeUnit.SECONDS));
      }
      TestApps.waitFor(() -> app.server().viewers() == 50, "50 viewers connected");
      // Let the stalled viewer's socket buffers fill, then measure a window.
      TestApps.waitFor(() -> viewers.get(0).bytes.get() > 12_000_000, "12 MB sent to each reading viewer");
      long inferredBefore = app.hub().stream("demo").orElseThrow().inferredFrames();
      long[] before = viewers.stream().mapToLong(v -> v.frames.get()).toArray();
      long start = System.nanoTime();
      Thread.sleep(5000);
      double seconds = (System.nanoTime() - start) / 1e9;
      long inferred = app.hub().stream("demo").orElseThrow().inferredFrames() - inferredBefore;
      assertTrue(inferred / seconds > 5, "the pipeline kept going: " + inferred + " frames in " + seconds + " s");
      for (int i = 0; i < viewers.size(); i++) {
        long got = viewers.get(i).frames.get() - before[i];
        assertTrue(got >= inferred * 0.8, "viewer " + i + " got " + got + " of " + inferred + " frames");
      }
      assertTrue(stalled.frames.get() == 0, "the stalled viewer read nothing");
      assertEquals("demo", new ObjectMapper().readTree(viewers.get(0).lastMeta).get("source").asText());
      for (WebSocket s : sockets) {
        s.abort();
      }
      TestApps.waitFor(() -> app.server().viewers() == 0, "viewers gone after closing");
    } finally {
      app.close();
    }
  }

  @Test
  void viewersBeyondTheLimitAreRefused() throws Exception {
    Application app = TestApps.demo(dir, Map.of("maxClients", 2));
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create(app.url().replace("http://", "ws://") + "ws/streams/demo");
      client.newWebSocketBuilder().buildAsync(uri, new LiveViewer(true)).get(10, TimeUnit.SECONDS);
      client.newWebSocketBuilder().buildAsync(uri, new LiveViewer(true)).get(10, TimeUnit.SECONDS);
      var third = client.newWebSocketBuilder().buildAsync(uri, new LiveViewer(true));
      var e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> third.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
      assertEquals(503, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
      var unknown = client.newWebSocketBuilder().buildAsync(URI.create(uri + "-nope"), new LiveViewer(true));
      var missing = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> unknown.get(10, TimeUnit.SECONDS));
      assertEquals(404, ((java.net.http.WebSocketHandshakeException) missing.getCause()).getResponse().statusCode());
    } finally {
      app.close();
    }
  }
}
