package dev.dynsolo.stream.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dynsolo.stream.Await;
import dev.dynsolo.stream.LoopbackPorts;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery against a real HTTP endpoint on 127.0.0.1 (the JDK's server): every event
 * arrives after a 30 s outage and after a restart of the sender, and a stuck endpoint never holds
 * up the caller.
 */
class WebhookDeliveryTest {
  @TempDir Path dir;
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final CountDownLatch arrived = new CountDownLatch(1);
  private HttpServer endpoint;
  private int port;

  private void startEndpoint() throws Exception {
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    endpoint.createContext("/hook", exchange -> {
      arrived.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(body);
      received.add(exchange.getRequestHeaders().getFirst("X-Event-Id"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    endpoint.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    endpoint.start();
  }

  @AfterEach
  void stop() {
    hold.countDown();
    if (endpoint != null) {
      endpoint.stop(0);
    }
  }

  private EventDelivery delivery() {
    return new EventDelivery(dir.resolve("outbox"), 1000,
        List.of(new EventDelivery.Webhook("hook", "http://127.0.0.1:" + port + "/hook")));
  }

  @Test
  void everyEventArrivesWithItsIdAfterA30SecondOutage() throws Exception {
    port = LoopbackPorts.free();
    startEndpoint();
    try (EventDelivery delivery = delivery()) {
      delivery.publish("door", events(3, 1));
      Await.until(() -> received.size() == 3, Duration.ofSeconds(30), "the first events");
      var first = new ObjectMapper().readTree(bodies.get(0));
      assertEquals("door", first.get("source").asText());
      assertEquals("cross", first.get("kind").asText());
      assertTrue(received.contains(first.get("id").asText()), "the header names the body's id");

      endpoint.stop(0);
      long outageStart = System.nanoTime();
      delivery.publish("door", events(10, 100));
      Thread.sleep(30_000);
      assertEquals(10, delivery.destinations().get(0).pending(), "queued during the outage");
      assertTrue(delivery.destinations().get(0).lastError().startsWith("endpoint unreachable"),
          delivery.destinations().get(0).lastError());
      startEndpoint();
      Await.until(() -> received.size() == 13, Duration.ofSeconds(45), "every event after the outage");
      System.out.printf("events delivered %.1f s after a 30 s outage began%n", (System.nanoTime() - outageStart) / 1e9);
      assertEquals(0, delivery.destinations().get(0).pending());
    }
  }

  @Test
  void eventsQueuedWhenTheSenderStopsAreDeliveredByTheNextStart() throws Exception {
    port = LoopbackPorts.free(); // nothing listens yet
    try (EventDelivery delivery = delivery()) {
      delivery.publish("door", events(5, 1));
    } // the server stops with five events undelivered
    assertEquals(5, new Outbox(dir.resolve("outbox").resolve("hook"), 1000).ids().size(), "kept on disk");
    startEndpoint();
    try (EventDelivery again = delivery()) {
      Await.until(() -> received.size() == 5, Duration.ofSeconds(30), "the events of before the restart");
    }
  }

  @Test
  void aStuckEndpointNeverHoldsUpTheCaller() throws Exception {
    port = LoopbackPorts.free();
    hold = new CountDownLatch(1); // the endpoint takes requests and never answers until released
    startEndpoint();
    try (EventDelivery delivery = delivery()) {
      delivery.publish("door", events(1, 1));
      assertTrue(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS), "the first request reached the endpoint");
      for (int i = 0; i < 20; i++) {
        delivery.publish("door", events(5, 10 + 5 * i)); // returns while the endpoint is stuck
      }
      assertEquals(0, received.size(), "nothing was answered yet");
      assertEquals(101, delivery.destinations().get(0).pending());
      hold.countDown();
      Await.until(() -> received.size() == 101, Duration.ofSeconds(60), "everything once the endpoint answers");
    }
  }

  private static List<ZoneEvent> events(int n, long firstTrack) {
    return TestZoneEvents.of(ZoneEvent.Kind.CROSS, n, firstTrack);
  }
}
