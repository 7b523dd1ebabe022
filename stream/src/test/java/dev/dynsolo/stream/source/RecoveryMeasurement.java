package dev.dynsolo.stream.source;

import dev.dynsolo.stream.frame.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.Disposable;

/**
 * A measurement, not a unit test (timings assert nothing here): how long after an RTSP server is
 * back do a live source's frames resume, over {@code -Drecovery.restarts=N} restarts after a 2 s
 * outage, then once after a {@code -Drecovery.longOutage=S} second outage, with the default
 * backoff. Prints the figures BENCHMARKS.md records. Run:
 * {@code ./mvnw -pl stream -am test -Dtest=RecoveryMeasurement -Drecovery.restarts=10
 * -Drecovery.longOutage=60 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "recovery.restarts", matches = "\\d+")
class RecoveryMeasurement {

  @Test
  void framesResumeAfterRestarts() throws Exception {
    RtspServer.assumeAvailable();
    int restarts = Integer.getInteger("recovery.restarts");
    int longOutage = Integer.getInteger("recovery.longOutage", 0);
    int port = RtspServer.freePort();
    try (RtspServer server = new RtspServer(port)) {
      server.start();
      LiveSource source = new LiveSource(SourceSpec.parse("cam", server.url()), Backoff.DEFAULT, -1, true);
      AtomicLong lastFrame = new AtomicLong();
      Disposable subscription = source.frames().subscribe((VideoFrame f) -> lastFrame.set(System.nanoTime()));
      try {
        waitFor(() -> lastFrame.get() != 0, Duration.ofSeconds(30));
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
          seconds.add(outage(server, source, lastFrame, Duration.ofSeconds(2)));
          System.out.printf("restart %d: frames %.2f s after the server was back%n", i + 1, seconds.get(i));
        }
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        System.out.printf("RECOVERY median %.2f s, max %.2f s over %d restarts after 2 s outages (%s)%n",
            sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), restarts, Backoff.DEFAULT);
        if (longOutage > 0) {
          System.out.printf("RECOVERY after a %d s outage: %.2f s%n", longOutage,
              outage(server, source, lastFrame, Duration.ofSeconds(longOutage)));
        }
      } finally {
        subscription.dispose();
        source.close();
      }
    }
  }

  /** Kills the server, waits, starts it; seconds from its start to the first new frame. */
  private static double outage(RtspServer server, LiveSource source, AtomicLong lastFrame, Duration down)
      throws Exception {
    server.kill();
    waitFor(() -> source.status().state() == SourceState.RECONNECTING, Duration.ofSeconds(30));
    Thread.sleep(down.toMillis());
    server.start();
    long back = System.nanoTime();
    waitFor(() -> lastFrame.get() > back, Duration.ofSeconds(120));
    return (lastFrame.get() - back) / 1e9;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + limit);
      }
      Thread.sleep(20);
    }
  }
}
