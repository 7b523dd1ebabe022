package dev.dynsolo.stream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.stream.frame.VideoFrame;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Against a real RTSP server on 127.0.0.1: frames arrive, the server dies and returns, frames resume. */
class LiveSourceTest {

  private static void waitFor(String what, java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void framesResumeAfterTheServerIsKilledAndRestarted() throws Exception {
    RtspServer.assumeAvailable();
    int port = RtspServer.freePort();
    try (RtspServer server = new RtspServer(port)) {
      server.start();
      LiveSource source = new LiveSource(SourceSpec.parse("cam", server.url()),
          new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)), -1);
      CopyOnWriteArrayList<VideoFrame> frames = new CopyOnWriteArrayList<>();
      Disposable subscription = source.frames().subscribe(frames::add);
      try {
        waitFor("first frames", () -> frames.size() >= 10, Duration.ofSeconds(30));
        assertEquals(SourceState.LIVE, source.status().state());
        assertEquals(320, frames.get(0).image().width());

        server.kill();
        waitFor("the source to notice", () -> source.status().state() == SourceState.RECONNECTING, Duration.ofSeconds(30));
        int before = frames.size();
        server.start();
        waitFor("frames after restart", () -> frames.size() >= before + 10, Duration.ofSeconds(60));
        assertEquals(SourceState.LIVE, source.status().state());
        assertTrue(source.status().reconnects() >= 1, source.status().toString());
      } finally {
        subscription.dispose();
        source.close();
      }
    }
  }

  /** After a power cut the server may boot before its cameras: a retrying source waits for them. */
  @Test
  void aCameraThatComesUpLaterIsPickedUp() throws Exception {
    RtspServer.assumeAvailable();
    int port = RtspServer.freePort();
    try (RtspServer server = new RtspServer(port)) {
      LiveSource source = new LiveSource(SourceSpec.parse("late", server.url()),
          new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)), -1, true);
      CopyOnWriteArrayList<VideoFrame> frames = new CopyOnWriteArrayList<>();
      Disposable subscription = source.frames().subscribe(frames::add, e -> { });
      try {
        waitFor("retries while the camera is off", () -> source.status().state() == SourceState.RECONNECTING
            && source.status().lastError() != null, Duration.ofSeconds(30));
        assertTrue(source.status().lastError().contains("Could not open input"), source.status().toString());
        server.start();
        waitFor("frames once the camera is up", () -> frames.size() >= 5, Duration.ofSeconds(60));
        assertEquals(SourceState.LIVE, source.status().state());
      } finally {
        subscription.dispose();
        source.close();
      }
    }
  }

  @Test
  void aServerThatIsNotThereIsAClearError() throws Exception {
    int port = RtspServer.freePort(); // nothing listens here
    LiveSource source = new LiveSource(SourceSpec.parse("dead", "rtsp://127.0.0.1:" + port + "/none"), Backoff.DEFAULT, -1);
    var e = assertThrows(SourceException.class, () -> source.frames().blockFirst(Duration.ofSeconds(30)));
    assertTrue(e.getMessage().startsWith("cannot open rtsp://127.0.0.1:" + port + "/none (stream dead): "), e.getMessage());
    assertEquals(SourceState.FAILED, source.status().state());
  }
}
