package dev.dynsolo.stream.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

/**
 * Forms a batch only when the inference worker asks for one, from frames requested at that moment,
 * one at a time: the first waits as long as it takes, the rest at most {@code maxWait} (5 ms when
 * the batch starts with a live frame, which should not age waiting for its stream's next one). Nothing is
 * requested while a batch runs, so live frames are taken fresh instead of waiting, stale, behind it.
 * Operators between the sources and the batcher each hold a frame, so a live frame older than
 * {@code maxWait} when it reaches the batcher is replaced by a fresh one and counted as dropped, and
 * a batch holds at most one frame, the newest, of each live stream; file frames are always kept.
 *
 * <p>Non-blocking: every event (a frame, the gathering timer, the worker's request, the end) changes
 * the state under one lock and a single drain loop acts on it, so at most one frame is ever
 * requested from upstream at a time. Time comes from an injected clock and scheduler, so tests run
 * it on virtual time.
 */
final class DemandBatcher implements CoreSubscriber<PreparedFrame>, Subscription {
  /** How long a batch that starts with a live frame waits for more. */
  static final long LIVE_GATHER_NANOS = 5_000_000;

  private final CoreSubscriber<? super List<PreparedFrame>> downstream;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final Scheduler timers;
  private final LongSupplier clock;
  private final Consumer<PreparedFrame> onStale;
  private final AtomicInteger wip = new AtomicInteger();

  // State, guarded by "this".
  private Subscription upstream;
  private long demand;
  private boolean frameRequested;
  private PreparedFrame arrived;
  private List<PreparedFrame> batch = new ArrayList<>();
  private boolean gatheringOver;
  private Disposable timer;
  private long timerGeneration;
  private boolean done;
  private Throwable error;
  private boolean terminated;
  private boolean cancelled;

  private DemandBatcher(CoreSubscriber<? super List<PreparedFrame>> downstream, int maxBatch, Duration maxWait,
      Scheduler timers, LongSupplier clock, Consumer<PreparedFrame> onStale) {
    this.downstream = downstream;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.timers = timers;
    this.clock = clock;
    this.onStale = onStale;
  }

  /**
   * Batches of {@code upstream}, one per request of the subscriber.
   *
   * @param timers runs the gathering timeouts
   * @param clock the time frames' {@code capturedNanos} are measured in
   * @param onStale told of each live frame dropped as stale, when it is dropped
   */
  static Flux<List<PreparedFrame>> batches(Flux<PreparedFrame> upstream, int maxBatch, Duration maxWait,
      Scheduler timers, LongSupplier clock, Consumer<PreparedFrame> onStale) {
    return new Flux<>() {
      @Override
      public void subscribe(CoreSubscriber<? super List<PreparedFrame>> actual) {
        DemandBatcher batcher = new DemandBatcher(actual, maxBatch, maxWait, timers, clock, onStale);
        upstream.subscribe(batcher);
      }
    };
  }

  @Override
  public void onSubscribe(Subscription s) {
    synchronized (this) {
      upstream = s;
    }
    downstream.onSubscribe(this);
  }

  @Override
  public void onNext(PreparedFrame frame) {
    synchronized (this) {
      frameRequested = false;
      arrived = frame;
    }
    drain();
  }

  @Override
  public void onError(Throwable t) {
    synchronized (this) {
      error = t;
      done = true;
    }
    drain();
  }

  @Override
  public void onComplete() {
    synchronized (this) {
      done = true;
    }
    drain();
  }

  @Override
  public void request(long n) {
    if (!Operators.validate(n)) {
      return;
    }
    synchronized (this) {
      demand = Operators.addCap(demand, n);
    }
    drain();
  }

  @Override
  public void cancel() {
    Subscription s;
    synchronized (this) {
      cancelled = true;
      cancelTimer();
      s = upstream;
    }
    if (s != null) {
      s.cancel();
    }
  }

  /** Runs the actions the state calls for until there are none; one thread at a time. */
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      Runnable action;
      while ((action = nextAction()) != null) {
        action.run();
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Updates the state and returns what to do outside the lock next, or null when nothing is due. */
  private synchronized Runnable nextAction() {
    if (cancelled || terminated) {
      return null;
    }
    if (arrived != null && demand > 0) {
      take(arrived);
      arrived = null;
    }
    boolean ready = !batch.isEmpty() && (batch.size() >= maxBatch || gatheringOver || done);
    if (ready && demand > 0) {
      List<PreparedFrame> out = batch;
      batch = new ArrayList<>(maxBatch);
      gatheringOver = false;
      cancelTimer();
      demand--;
      return () -> downstream.onNext(out);
    }
    if (done && batch.isEmpty() && arrived == null) {
      terminated = true;
      Throwable e = error;
      return e == null ? downstream::onComplete : () -> downstream.onError(e);
    }
    if (demand > 0 && !done && !frameRequested && arrived == null) {
      frameRequested = true;
      Subscription s = upstream;
      return () -> s.request(1);
    }
    return null;
  }

  /** Puts a frame that reached the batcher into the batch, or drops it as stale (under the lock). */
  private void take(PreparedFrame frame) {
    long now = clock.getAsLong();
    if (frame.live() && now - frame.frame().capturedNanos() > maxWaitNanos) {
      onStale.accept(frame); // it waited behind a batch; the source has a fresher one
      return;
    }
    if (replacesOlderOfItsStream(frame)) {
      return;
    }
    batch.add(frame);
    if (batch.size() == 1) {
      // A live frame only takes company that is ready now (other streams' latest frames):
      // waiting for the same stream's next frame would just age this one.
      long wait = frame.live() ? Math.min(maxWaitNanos, LIVE_GATHER_NANOS) : maxWaitNanos;
      long generation = ++timerGeneration;
      timer = timers.schedule(() -> gatheringEnded(generation), wait, TimeUnit.NANOSECONDS);
    }
  }

  private void gatheringEnded(long generation) {
    synchronized (this) {
      if (generation != timerGeneration || batch.isEmpty()) {
        return;
      }
      gatheringOver = true;
    }
    drain();
  }

  private void cancelTimer() {
    timerGeneration++;
    if (timer != null) {
      timer.dispose();
      timer = null;
    }
  }

  /**
   * A live frame takes the place of an older frame of its own stream in the batch (counted as
   * dropped): inferring both would lengthen the batch for a frame that is already superseded.
   */
  private boolean replacesOlderOfItsStream(PreparedFrame frame) {
    if (!frame.live()) {
      return false;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).frame().sourceId().equals(frame.frame().sourceId())) {
        onStale.accept(batch.set(i, frame));
        return true;
      }
    }
    return false;
  }
}
