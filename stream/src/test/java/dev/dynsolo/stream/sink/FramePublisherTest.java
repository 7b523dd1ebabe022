package dev.dynsolo.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class FramePublisherTest {

  private static PublishedFrame frame(String stream, long seq) {
    return new PublishedFrame(stream, seq, new byte[] {1}, "{}");
  }

  @Test
  void aSubscriberThatStopsAskingSkipsFramesWhileTheOthersGetEveryOne() {
    FramePublisher publisher = new FramePublisher();
    List<Long> fast = new CopyOnWriteArrayList<>();
    List<Long> stalled = new CopyOnWriteArrayList<>();
    publisher.frames("cam").subscribe(f -> fast.add(f.sequence()));
    publisher.frames("cam").subscribe(new BaseSubscriber<PublishedFrame>() {
      @Override
      protected void hookOnSubscribe(Subscription s) {
        s.request(1); // takes one frame, then never asks again (a browser that stopped reading)
      }

      @Override
      protected void hookOnNext(PublishedFrame f) {
        stalled.add(f.sequence());
      }
    });
    assertTrue(publisher.watched("cam"));
    for (long i = 0; i < 500; i++) {
      publisher.publish(frame("cam", i)); // never blocks
    }
    assertEquals(500, fast.size());
    assertEquals(List.of(0L), stalled);
  }

  @Test
  void framesGoOnlyToTheirStreamAndRemovalCompletesTheViewers() {
    FramePublisher publisher = new FramePublisher();
    List<String> got = new CopyOnWriteArrayList<>();
    AtomicBoolean completed = new AtomicBoolean();
    publisher.frames("a").doOnComplete(() -> completed.set(true)).subscribe(f -> got.add(f.stream()));
    assertFalse(publisher.watched("b"));
    publisher.publish(frame("a", 0));
    publisher.publish(frame("b", 0));
    publisher.complete("a");
    publisher.publish(frame("a", 1));
    assertEquals(List.of("a"), got);
    assertTrue(completed.get());
    assertFalse(publisher.watched("a"));
  }
}
