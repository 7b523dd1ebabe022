package dev.dynsolo.stream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.stream.frame.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The batcher on virtual time: when batches form, what is requested, what is dropped; and a race test. */
@org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DemandBatcherTest {
  private static final Duration MAX_WAIT = Duration.ofMillis(50);
  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final LongSupplier clock = () -> time.now(TimeUnit.NANOSECONDS);
  private final List<PreparedFrame> stale = new CopyOnWriteArrayList<>();

  private PreparedFrame frame(String stream, long seq, boolean live, long capturedNanos) {
    RgbImage image = new RgbImage(2, 2, new byte[12]);
    VideoFrame f = new VideoFrame(stream, seq, seq, capturedNanos, image);
    return new PreparedFrame(f, new LetterboxedImage(image, Letterbox.fit(2, 2, 2, 2)), live);
  }

  private PreparedFrame file(long seq) {
    return frame("file", seq, false, clock.getAsLong());
  }

  private Flux<List<PreparedFrame>> batches(TestPublisher<PreparedFrame> up, int maxBatch) {
    return DemandBatcher.batches(up.flux(), maxBatch, MAX_WAIT, time, clock, stale::add);
  }

  private static List<Long> seqs(List<PreparedFrame> batch) {
    return batch.stream().map(p -> p.frame().sequence()).toList();
  }

  @Test
  void theFirstFrameWaitsAsLongAsItTakesAndTheRestAtMostMaxWait() {
    TestPublisher<PreparedFrame> up = TestPublisher.create();
    StepVerifier.create(batches(up, 4), 0)
        .then(() -> up.assertWasNotRequested())
        .thenRequest(1)
        .then(() -> {
          up.assertMaxRequested(1);
          time.advanceTimeBy(Duration.ofSeconds(10)); // no frame: no batch, however long
        })
        .expectNoEvent(Duration.ZERO)
        .then(() -> up.next(file(0)))
        .then(() -> time.advanceTimeBy(Duration.ofMillis(30)))
        .then(() -> up.next(file(1)))
        .then(() -> time.advanceTimeBy(Duration.ofMillis(19)))
        .expectNoEvent(Duration.ZERO)
        .then(() -> time.advanceTimeBy(Duration.ofMillis(1))) // 50 ms after the first frame
        .assertNext(b -> assertEquals(List.of(0L, 1L), seqs(b)))
        .then(() -> up.assertMaxRequested(1)) // asked for one more while gathering, nothing since
        .thenCancel()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aFullBatchGoesAtOnceAndNothingIsRequestedUntilTheWorkerAsksAgain() {
    TestPublisher<PreparedFrame> up = TestPublisher.create();
    StepVerifier.create(batches(up, 3), 1)
        .then(() -> up.next(file(0)))
        .then(() -> up.next(file(1)))
        .then(() -> up.next(file(2)))
        .assertNext(b -> assertEquals(List.of(0L, 1L, 2L), seqs(b)))
        .then(() -> up.assertMaxRequested(0)) // the batch runs: no frame is asked for
        .then(() -> time.advanceTimeBy(Duration.ofSeconds(1)))
        .expectNoEvent(Duration.ZERO)
        .thenRequest(1)
        .then(() -> up.assertMinRequested(1))
        .then(() -> up.next(file(3)))
        .then(up::complete)
        .assertNext(b -> assertEquals(List.of(3L), seqs(b))) // the end sends the partial batch at once
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aLiveFrameThatWaitedBehindABatchIsDroppedWhenItArrivesAndCountedThen() {
    TestPublisher<PreparedFrame> up = TestPublisher.create();
    StepVerifier.create(batches(up, 4), 1)
        .then(() -> {
          PreparedFrame old = frame("cam", 0, true, clock.getAsLong());
          time.advanceTimeBy(Duration.ofMillis(120)); // it waited in the operators before the batcher
          up.next(old);
        })
        .then(() -> {
          assertEquals(1, stale.size(), "counted as it is dropped, not when the flux ends");
          up.assertMinRequested(1); // and a fresh one is asked for straight away
          up.next(frame("cam", 1, true, clock.getAsLong()));
          time.advanceTimeBy(Duration.ofNanos(DemandBatcher.LIVE_GATHER_NANOS));
        })
        .assertNext(b -> assertEquals(List.of(1L), seqs(b))) // a live batch gathers 5 ms, not 50
        .thenCancel()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aBatchHoldsOnlyTheNewestFrameOfEachLiveStream() {
    TestPublisher<PreparedFrame> up = TestPublisher.create();
    StepVerifier.create(batches(up, 4), 1)
        .then(() -> up.next(frame("a", 0, true, clock.getAsLong())))
        .then(() -> up.next(frame("b", 0, true, clock.getAsLong())))
        .then(() -> up.next(frame("a", 1, true, clock.getAsLong())))
        .then(() -> time.advanceTimeBy(Duration.ofMillis(5)))
        .assertNext(b -> {
          assertEquals(List.of("a", "b"), b.stream().map(p -> p.frame().sourceId()).toList());
          assertEquals(List.of(1L, 0L), seqs(b));
        })
        .then(() -> assertEquals(List.of(0L), seqs(stale)))
        .thenCancel()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void anErrorComesAfterTheFramesBeforeIt() {
    TestPublisher<PreparedFrame> up = TestPublisher.create();
    StepVerifier.create(batches(up, 4), 1)
        .then(() -> up.next(file(0)))
        .then(() -> up.error(new IllegalStateException("source broke")))
        .assertNext(b -> assertEquals(List.of(0L), seqs(b)))
        .thenRequest(1)
        .expectErrorMessage("source broke")
        .verify(Duration.ofSeconds(10));
  }

  /**
   * Frames arrive on one thread while the worker asks for batches from others: at most one frame
   * is ever requested ahead, and every frame comes out exactly once, in order.
   */
  @Test
  void concurrentFramesAndRequestsKeepOneFrameOutstandingAndLoseNothing() {
    for (int round = 0; round < 20; round++) {
      AtomicLong outstanding = new AtomicLong();
      AtomicLong maxOutstanding = new AtomicLong();
      int n = 500;
      Flux<PreparedFrame> up = Flux.range(0, n)
          .map(i -> frame("file", i, false, System.nanoTime()))
          .publishOn(Schedulers.parallel(), 1)
          .doOnRequest(r -> maxOutstanding.accumulateAndGet(outstanding.addAndGet(r), Math::max))
          .doOnNext(f -> outstanding.decrementAndGet());
      List<Long> out = DemandBatcher.batches(up, 3, Duration.ofNanos(200_000), Schedulers.parallel(), System::nanoTime,
              f -> { })
          .concatMap(b -> Mono.fromCallable(() -> b).subscribeOn(Schedulers.boundedElastic()), 0)
          .flatMapIterable(b -> b)
          .map(p -> p.frame().sequence())
          .collectList()
          .block(Duration.ofSeconds(30));
      List<Long> expected = new ArrayList<>();
      for (long i = 0; i < n; i++) {
        expected.add(i);
      }
      assertEquals(expected, out, "round " + round);
      assertTrue(maxOutstanding.get() <= 1, "frames requested ahead at once: " + maxOutstanding.get());
    }
  }
}
