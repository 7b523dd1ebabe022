package dev.dynsolo.stream.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Forms a batch only when the inference worker asks for one, from frames requested at that moment,
 * one at a time: the first waits as long as it takes, the rest at most {@code maxWait} (5 ms when
 * the batch starts with a live frame, which should not age waiting for its stream's next one). Nothing is
 * requested while a batch runs, so live frames are taken fresh instead of waiting, stale, behind it.
 * Operators between the sources and the batcher each hold a frame, so a live frame older than
 * {@code maxWait} when it reaches the batcher is replaced by a fresh one and counted as dropped, and
 * a batch holds at most one frame, the newest, of each live stream; file frames are always kept.
 */
final class DemandBatcher extends BaseSubscriber<PreparedFrame> {
  private static final Object END = new Object();
  /** How long a batch that starts with a live frame waits for more. */
  static final long LIVE_GATHER_NANOS = 5_000_000;

  private final int maxBatch;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private volatile Throwable error;

  private DemandBatcher(int maxBatch, Duration maxWait) {
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** Batches of {@code upstream}, generated on the thread that requests them (the inference worker). */
  static Flux<List<PreparedFrame>> batches(Flux<PreparedFrame> upstream, int maxBatch, Duration maxWait,
      AtomicLong droppedCounter) {
    return Flux.defer(() -> {
      DemandBatcher batcher = new DemandBatcher(maxBatch, maxWait);
      upstream.subscribe(batcher);
      return Flux.<List<PreparedFrame>>generate(sink -> {
        List<PreparedFrame> batch = batcher.next();
        if (batch != null) {
          sink.next(batch);
        } else if (batcher.error != null) {
          sink.error(batcher.error);
        } else {
          sink.complete();
        }
      }).doFinally(s -> {
        droppedCounter.addAndGet(batcher.dropped.get());
        batcher.dispose();
      });
    });
  }

  @Override
  protected void hookOnSubscribe(Subscription subscription) {
    // no demand until the worker asks
  }

  @Override
  protected void hookOnNext(PreparedFrame frame) {
    outstanding.decrementAndGet();
    queue.add(frame);
  }

  @Override
  protected void hookOnComplete() {
    queue.add(END);
  }

  @Override
  protected void hookOnError(Throwable throwable) {
    error = throwable;
    queue.add(END);
  }

  /** The next batch, or null at the end. Blocks the calling (worker) thread. */
  private List<PreparedFrame> next() {
    try {
      List<PreparedFrame> batch = new ArrayList<>(maxBatch);
      long deadline = Long.MAX_VALUE;
      while (batch.size() < maxBatch) {
        Object o = take(batch.isEmpty() ? Long.MAX_VALUE : deadline - System.nanoTime());
        if (o == null) {
          break;
        }
        if (o == END) {
          queue.add(END);
          break;
        }
        PreparedFrame frame = (PreparedFrame) o;
        if (frame.live() && System.nanoTime() - frame.frame().capturedNanos() > maxWaitNanos) {
          dropped.incrementAndGet(); // it waited behind a batch; the source has a fresher one
          continue;
        }
        if (replacesOlderOfItsStream(batch, frame)) {
          continue;
        }
        batch.add(frame);
        if (batch.size() == 1) {
          // A live frame only takes company that is ready now (other streams' latest frames):
          // waiting for the same stream's next frame would just age this one.
          deadline = System.nanoTime() + (frame.live() ? Math.min(maxWaitNanos, LIVE_GATHER_NANOS) : maxWaitNanos);
        }
      }
      return batch.isEmpty() ? null : batch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * A live frame takes the place of an older frame of its own stream in the batch (counted as
   * dropped): inferring both would lengthen the batch for a frame that is already superseded.
   */
  private boolean replacesOlderOfItsStream(List<PreparedFrame> batch, PreparedFrame frame) {
    if (!frame.live()) {
      return false;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).frame().sourceId().equals(frame.frame().sourceId())) {
        batch.set(i, frame);
        dropped.incrementAndGet();
        return true;
      }
    }
    return false;
  }

  /** One item, requesting one first when nothing is queued or on its way; null after the wait. */
  private Object take(long waitNanos) throws InterruptedException {
    if (queue.isEmpty() && outstanding.get() == 0) {
      outstanding.incrementAndGet();
      request(1);
    }
    if (waitNanos == Long.MAX_VALUE) {
      return queue.take();
    }
    return waitNanos <= 0 ? queue.poll() : queue.poll(waitNanos, TimeUnit.NANOSECONDS);
  }
}
