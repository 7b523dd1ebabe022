package dev.dynsolo.bench;

import dev.dynsolo.model.api.ImageResizer;
import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.ModelInfo;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.InitialWeights;
import dev.dynsolo.stream.cli.StreamRun;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.InferencePipeline;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.source.FileSource;
import dev.dynsolo.stream.source.SourceSpec;
import dev.dynsolo.stream.source.SyntheticSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end against model-only throughput for one bundle, in one run: a synthetic 640x480 clip is
 * written, then (1) the model alone runs over its letterboxed frames in batches, (2) the whole
 * headless pipeline (decode, letterbox, batch, infer, overlay, H.264 recording) runs over the file;
 * then (3) a live synthetic source runs through the pipeline and frame age (capture to end of
 * inference) is compared with the batch latency.
 *
 * <p>Usage: {@code StreamBenchmark <bundle|preset:NAME> [frames] [batch]}.
 */
public final class StreamBenchmark {

  public static void main(String[] args) throws Exception {
    String model = args.length > 0 ? args[0] : "models/demo";
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 120;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path work = Files.createTempDirectory("stream-bench");
    Path bundle = bundle(model, work);
    Path clip;
    List<RgbImage> images = new ArrayList<>();
    try (SegmentedRecorder writer = new SegmentedRecorder(work.resolve("in"), "clip", 25, 0)) {
      var source = new SyntheticSource(SourceSpec.parse("demo", "demo").withTargetFps(200), 3);
      for (var f : source.frames().take(frames).toIterable()) {
        images.add(f.image());
        writer.write(f.image(), f.sequence() * 40_000);
      }
      source.close();
      writer.close();
      clip = writer.segments().get(0);
    }
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults())) {
      ModelInfo info = segmenter.info();
      System.out.printf("bundle %s (%s, input %dx%d), %d frames of 640x480, batch %d, %d cores%n", bundle, info.preset(),
          info.inputWidth(), info.inputHeight(), frames, batch, Runtime.getRuntime().availableProcessors());
      List<LetterboxedImage> inputs = new ArrayList<>();
      for (RgbImage image : images) {
        inputs.add(segmenter.prepare(image));
      }
      segmenter.segmentLetterboxed(inputs.subList(0, batch)); // warm-up
      long t0 = System.nanoTime();
      for (int i = 0; i < inputs.size(); i += batch) {
        segmenter.segmentLetterboxed(inputs.subList(i, Math.min(inputs.size(), i + batch)));
      }
      double modelFps = frames / ((System.nanoTime() - t0) / 1e9);

      long t1 = System.nanoTime();
      StreamRun.Summary summary = new StreamRun(List.of(new FileSource(SourceSpec.parse("clip", clip.toString()))),
          segmenter, new PipelineSettings(batch, Duration.ofMillis(50)), work.resolve("out"), 0, null,
          OverlaySettings.DEFAULT, null).run();
      double endToEndFps = summary.frames().get("clip") / ((System.nanoTime() - t1) / 1e9);
      System.out.printf("model only: %.2f fps; end to end (decode+infer+overlay+record): %.2f fps; ratio %.3f%n",
          modelFps, endToEndFps, endToEndFps / modelFps);

      SyntheticSource live = new SyntheticSource(SourceSpec.parse("live", "demo").withTargetFps(25), 5);
      List<AnnotatedFrame> annotated;
      long[] pipelineDrops = new long[1];
      try (InferencePipeline pipeline = new InferencePipeline(segmenter, new PipelineSettings(batch, Duration.ofMillis(50)),
          new PipelineMetrics(new SimpleMeterRegistry()))) {
        annotated = pipeline.run(List.of(live)).skip(5).take(Duration.ofSeconds(20)).collectList().block();
        pipelineDrops[0] = pipeline.staleDrops();
      }
      live.close();
      double[] ages = annotated.stream().mapToDouble(AnnotatedFrame::ageMillis).sorted().toArray();
      double[] latency = annotated.stream().mapToDouble(AnnotatedFrame::inferenceMillis).sorted().toArray();
      double agesP95 = ages[(int) Math.min(ages.length - 1, Math.ceil(ages.length * 0.95) - 1)];
      double latencyMedian = latency[latency.length / 2];
      double latencyP95 = latency[(int) Math.min(latency.length - 1, Math.ceil(latency.length * 0.95) - 1)];
      double ageMedian = ages[ages.length / 2];
      System.out.printf("live 25 fps source: %d frames inferred in 20 s (%d dropped), frame age p95 %.0f ms,"
          + " batch latency median %.0f ms, ratio %.2f, mean batch %.2f (age median %.0f ms, latency p95 %.0f ms)%n",
          annotated.size(), live.status().dropped() + pipelineDrops[0],
          agesP95, latencyMedian, agesP95 / latencyMedian,
          annotated.stream().mapToInt(AnnotatedFrame::batchSize).average().orElse(0), ageMedian, latencyP95);
    }
  }

  /**
   * The bundle to time: a directory, or {@code preset:NAME} for that preset with random weights and
   * 80 classes (speed does not depend on the weights), written under {@code work}.
   */
  private static Path bundle(String model, Path work) throws java.io.IOException {
    if (!model.startsWith("preset:")) {
      return Path.of(model);
    }
    ModelConfig config = Presets.get(model.substring("preset:".length()), 80);
    Path bundle = work.resolve("random-bundle");
    List<String> classes = java.util.stream.IntStream.range(0, 80).mapToObj(i -> "class" + i).toList();
    BundleWriter.write(bundle, config, InitialWeights.create(config, 1), classes, "random weights");
    return bundle;
  }
}
