package dev.dynsolo.stream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the inference worker counts as dead, on a clock the test moves. */
class InferenceWatchTest {
  private final AtomicLong now = new AtomicLong();
  private final InferenceWatch watch = new InferenceWatch(now::get, Duration.ofSeconds(60));

  private void advanceSeconds(long s) {
    now.addAndGet(Duration.ofSeconds(s).toNanos());
  }

  @Test
  void occasionalFailuresAreNotDeathButFailingForTheWholeLimitIs() {
    watch.started();
    assertTrue(watch.failed(new IllegalStateException("native call failed")), "the first of a run");
    advanceSeconds(30);
    watch.started();
    assertTrue(watch.succeeded(), "a success ends the run");
    advanceSeconds(50);
    assertTrue(watch.problem().isEmpty());
    watch.started();
    watch.failed(new IllegalStateException("cannot reach rtsp://admin:pw@cam/x"));
    assertTrue(watch.lastError().startsWith("cannot reach rtsp://") && !watch.lastError().contains("pw"),
        "no password in a reported error: " + watch.lastError());
    advanceSeconds(59);
    watch.failed(new IllegalStateException("out of memory"));
    assertTrue(watch.problem().isEmpty(), "59 s of failures: not yet");
    advanceSeconds(2);
    String problem = watch.problem().orElseThrow();
    assertTrue(problem.startsWith("every inference batch failed for 61 s"), problem);
    assertEquals(3, watch.failures());
    watch.succeeded();
    assertTrue(watch.problem().isEmpty());
  }

  @Test
  void aBatchRunningLongerThanTheLimitIsAStall() {
    watch.started();
    advanceSeconds(60);
    assertTrue(watch.problem().isEmpty());
    advanceSeconds(1);
    assertEquals("inference has been running one batch for 61 s", watch.problem().orElseThrow());
    watch.succeeded();
    assertTrue(watch.problem().isEmpty());
  }
}
