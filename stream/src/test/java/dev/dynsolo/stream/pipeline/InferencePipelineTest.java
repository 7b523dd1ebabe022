package dev.dynsolo.stream.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.stream.TestVideos;
import dev.dynsolo.stream.frame.VideoFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class InferencePipelineTest {

  private static VideoFrame frame(String source, long seq) {
    return new VideoFrame(source, seq, seq, System.nanoTime(), TestVideos.numbered((int) seq, 32, 24));
  }

  @Test
  void anIdleWorkerTakesWhatIsThereAndABusyOneGetsFullBatches() throws Exception {
    FakeSegmenter segmenter = new FakeSegmenter(300);
    Sinks.Many<VideoFrame> input = Sinks.many().unicast().onBackpressureBuffer();
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(4, Duration.ofSeconds(5)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      StepVerifier.create(pipeline.infer(pipeline.prepare(input.asFlux(), false)))
          .then(() -> input.tryEmitNext(frame("a", 0)))
          .expectNextCount(1) // the worker was idle: no waiting for the batch to fill
          .then(() -> {
            for (int i = 1; i < 7; i++) {
              input.tryEmitNext(frame("a", i)); // arrive while the worker is busy for 300 ms
            }
          })
          .expectNextCount(6)
          .then(input::tryEmitComplete)
          .verifyComplete();
      assertEquals(1, segmenter.batches.get(0));
      assertEquals(4, segmenter.batches.get(1), "frames queued behind a busy worker form a full batch: "
          + segmenter.batches);
      assertEquals(7, segmenter.batches.stream().mapToInt(Integer::intValue).sum());
    }
  }

  @Test
  void aPartialBatchGoesAfterMaxWaitWhenNoMoreFramesCome() {
    FakeSegmenter segmenter = new FakeSegmenter(0);
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(4, Duration.ofMillis(50)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      Flux<VideoFrame> slow = Flux.interval(Duration.ofMillis(200)).take(3).map(i -> frame("a", i));
      List<AnnotatedFrame> out = pipeline.infer(pipeline.prepare(slow, false)).collectList().block();
      assertEquals(3, out.size());
      assertEquals(List.of(1, 1, 1), segmenter.batches, "each frame waited at most 50 ms for company");
    }
  }

  @Test
  void framesOfSeveralSourcesShareBatchesAndComeBackPerSourceInOrder() {
    FakeSegmenter segmenter = new FakeSegmenter(5);
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(3, Duration.ofMillis(20)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      List<AnnotatedFrame> out = pipeline.infer(Flux.merge(
          pipeline.prepare(Flux.range(0, 10).map(i -> frame("a", i)), false),
          pipeline.prepare(Flux.range(0, 10).map(i -> frame("b", i)), false))).collectList().block();
      assertEquals(20, out.size());
      for (String s : List.of("a", "b")) {
        List<Long> seqs = out.stream().filter(f -> f.frame().sourceId().equals(s)).map(f -> f.frame().sequence()).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seqs);
      }
      assertTrue(segmenter.batches.stream().allMatch(b -> b <= 3));
      assertEquals(20, segmenter.batches.stream().mapToInt(Integer::intValue).sum());
    }
  }

  @Test
  void aSlowModelMakesALiveSourceDropItsOldestFramesInsteadOfQueueing() throws Exception {
    FakeSegmenter segmenter = new FakeSegmenter(100);
    dev.dynsolo.stream.source.SyntheticSource live = new dev.dynsolo.stream.source.SyntheticSource(
        dev.dynsolo.stream.source.SourceSpec.parse("demo", "demo").withTargetFps(100), 1);
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(1, Duration.ofMillis(10)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      List<AnnotatedFrame> out = pipeline.run(List.of(live)).take(Duration.ofMillis(1500)).collectList().block();
      live.close();
      var status = live.status();
      // Up to 150 frames produced at 100 fps, ~15 inferred at 10 per second: the rest were dropped, not queued.
      assertTrue(out.size() <= 20, "inferred " + out.size());
      long dropped = status.dropped() + pipeline.staleDrops(); // at the source, or replaced at the batcher
      assertTrue(dropped > status.frames() * 0.6, "dropped " + dropped + " of " + status.frames());
      // Frames not inferred were dropped (at the source, or as stale at the batcher) or are among the few
      // in flight at the end (preprocessing, merge, batcher): nothing queues up.
      long unaccounted = status.frames() - status.dropped() - pipeline.staleDrops() - out.size();
      assertTrue(unaccounted <= 6, status + ", " + pipeline.staleDrops() + " stale, " + out.size() + " inferred");
      double maxAge = out.stream().mapToDouble(AnnotatedFrame::ageMillis).max().orElseThrow();
      assertTrue(maxAge < 1000, "frames stay fresh, oldest was " + maxAge + " ms");
    }
  }

  @Test
  void aBatchHoldsOnlyTheNewestFrameOfEachLiveStream() {
    FakeSegmenter segmenter = new FakeSegmenter(30);
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(4, Duration.ofMillis(50)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      Flux<PreparedFrame> a = pipeline.prepare(Flux.interval(Duration.ofMillis(1)).onBackpressureLatest().map(i -> frame("a", i)), true);
      Flux<PreparedFrame> b = pipeline.prepare(Flux.interval(Duration.ofMillis(1)).onBackpressureLatest().map(i -> frame("b", i)), true);
      List<AnnotatedFrame> out = pipeline.infer(Flux.merge(a, b)).take(Duration.ofMillis(1500)).collectList().block();
      assertTrue(out.size() >= 10, "inferred " + out.size());
      assertTrue(out.stream().allMatch(f -> f.batchSize() <= 2), "two live streams, batch sizes " + segmenter.batches);
      for (String s : List.of("a", "b")) {
        List<Long> seqs = out.stream().filter(f -> f.frame().sourceId().equals(s)).map(f -> f.frame().sequence()).toList();
        for (int k = 1; k < seqs.size(); k++) {
          assertTrue(seqs.get(k) > seqs.get(k - 1), s + " frames come out in order: " + seqs);
        }
      }
    }
  }

  @Test
  void aBatchThatThrowsLosesOnlyItsFramesAndTheLaterBatchesGoOn() {
    FakeSegmenter segmenter = new FakeSegmenter(0, 3); // every third call throws
    var registry = new SimpleMeterRegistry();
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(1, Duration.ofMillis(5)),
        new PipelineMetrics(registry))) {
      List<AnnotatedFrame> out = pipeline.infer(pipeline.prepare(Flux.range(0, 30).map(i -> frame("a", i)), false))
          .collectList().block(Duration.ofSeconds(30));
      assertEquals(20, out.size(), "the 10 failed batches' frames are lost, no others");
      assertEquals(30, segmenter.calls(), "every batch was tried");
      assertEquals(10, pipeline.watch().failures());
      assertTrue(pipeline.watch().lastError().contains("injected inference failure"), pipeline.watch().lastError());
      assertTrue(pipeline.watch().problem().isEmpty(), "occasional failures are not a dead pipeline");
      assertEquals(10, registry.counter("solo.failures", "part", "inference", "stream", "a").count());
    }
  }

  @Test
  void staleDropsReachTheMetricsAsTheyHappen() {
    var time = reactor.test.scheduler.VirtualTimeScheduler.create();
    java.util.function.LongSupplier clock = () -> time.now(java.util.concurrent.TimeUnit.NANOSECONDS);
    var registry = new SimpleMeterRegistry();
    Sinks.Many<VideoFrame> input = Sinks.many().unicast().onBackpressureBuffer();
    try (InferencePipeline pipeline = new InferencePipeline(new FakeSegmenter(0), new PipelineSettings(4,
        Duration.ofMillis(50)), new PipelineMetrics(registry), reactor.core.scheduler.Schedulers.immediate(),
        reactor.core.scheduler.Schedulers.immediate(), time, clock)) {
      StepVerifier.create(pipeline.infer(pipeline.prepare(input.asFlux(), true)))
          .then(() -> {
            input.tryEmitNext(new VideoFrame("cam", 0, 0, clock.getAsLong(), TestVideos.numbered(0, 32, 24)));
            time.advanceTimeBy(Duration.ofMillis(5));
          })
          .expectNextCount(1)
          .then(() -> {
            long captured = clock.getAsLong();
            time.advanceTimeBy(Duration.ofMillis(200)); // this frame waited 200 ms before reaching the batcher
            input.tryEmitNext(new VideoFrame("cam", 1, 1, captured, TestVideos.numbered(1, 32, 24)));
            assertEquals(1.0, registry.counter("solo.frames.stale", "stream", "cam").count(),
                "counted while the stream still runs");
            assertEquals(1, pipeline.staleDrops());
          })
          .then(input::tryEmitComplete)
          .expectComplete()
          .verify(Duration.ofSeconds(10));
    }
  }
}
