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
      StepVerifier.create(pipeline.infer(pipeline.prepare(input.asFlux())))
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
  void withoutDemandAPartialBatchWaitsAtMostMaxWait() {
    FakeSegmenter segmenter = new FakeSegmenter(0);
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(4, Duration.ofSeconds(5)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      StepVerifier.withVirtualTime(() -> Flux.range(0, 6).map(i -> frame("a", i)).concatWith(Flux.never())
              .bufferTimeout(4, Duration.ofSeconds(5), true), 0)
          .expectSubscription()
          .thenRequest(1)
          .assertNext(b -> assertEquals(4, b.size()))
          .thenAwait(Duration.ofSeconds(5))
          .thenRequest(1)
          .assertNext(b -> assertEquals(2, b.size()))
          .thenCancel()
          .verify();
    }
  }

  @Test
  void framesOfSeveralSourcesShareBatchesAndComeBackPerSourceInOrder() {
    FakeSegmenter segmenter = new FakeSegmenter(5);
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(3, Duration.ofMillis(20)),
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      List<AnnotatedFrame> out = pipeline.run(List.of(
          Flux.range(0, 10).map(i -> frame("a", i)), Flux.range(0, 10).map(i -> frame("b", i)))).collectList().block();
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
      List<AnnotatedFrame> out = pipeline.run(List.of(live.frames())).take(Duration.ofMillis(1500)).collectList().block();
      live.close();
      var status = live.status();
      // ~150 frames produced at 100 fps, ~15 inferred at 10 per second: the rest were dropped, not queued.
      assertTrue(out.size() <= 20, "inferred " + out.size());
      assertTrue(status.dropped() > 80, "dropped " + status.dropped() + " of " + status.frames());
      // In flight at the end, at most: 1 at preprocessing, the batcher's fair prefetch (4 x maxBatch), 1 at inference.
      assertTrue(status.frames() - status.dropped() - out.size() <= 6, status + " vs " + out.size() + " inferred");
      double maxAge = out.stream().mapToDouble(AnnotatedFrame::ageMillis).max().orElseThrow();
      assertTrue(maxAge < 1000, "frames stay fresh, oldest was " + maxAge + " ms");
    }
  }
}
