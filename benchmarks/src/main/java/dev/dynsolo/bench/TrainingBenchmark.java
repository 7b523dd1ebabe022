package dev.dynsolo.bench;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.training.augment.AugmentSettings;
import dev.dynsolo.training.data.BadAnnotationPolicy;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.Datasets;
import dev.dynsolo.training.graph.OptimizerKind;
import dev.dynsolo.training.graph.OptimizerSettings;
import dev.dynsolo.training.graph.TrainingGraph;
import dev.dynsolo.model.runtime.Precision;
import dev.dynsolo.training.loop.Batch;
import dev.dynsolo.training.loop.SampleFactory;
import dev.dynsolo.training.loop.TrainingSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Where a training step's time goes: sample preparation (decode, augment, targets) per image on
 * one thread, the whole step (forward, loss, gradients, update) per batch, and a traced step
 * broken down by op type, forward against backward. Usage: {@code benchmarks/run-training
 * PRESET COCO_JSON IMAGE_DIR [BATCH] [STEPS] [fp32|bf16]}.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: TrainingBenchmark PRESET COCO_JSON IMAGE_DIR [BATCH] [STEPS] [fp32|bf16]");
      System.exit(2);
    }
    String preset = args[0];
    Dataset data = Datasets.open(Path.of(args[1]), Path.of(args[2]), BadAnnotationPolicy.FAIL);
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int steps = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    Precision precision = args.length > 5 ? Precision.valueOf(args[5].toUpperCase()) : Precision.FP32;
    ModelConfig config = Presets.get(preset, data.classNames().size());
    SampleFactory factory = new SampleFactory(config, AugmentSettings.DEFAULT);

    List<List<TrainingSample>> batches = new ArrayList<>();
    long t0 = System.nanoTime();
    int samples = 0;
    for (int b = 0; b < 4; b++) {
      List<TrainingSample> batch = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        batch.add(factory.create(data.images().get(samples % data.images().size()), samples));
        samples++;
      }
      batches.add(batch);
    }
    double prepareMs = (System.nanoTime() - t0) / 1e6 / samples;
    System.out.printf("preset %s, batch %d, precision %s, %d images in the dataset%n", preset, batchSize,
        precision.name().toLowerCase(), data.images().size());
    System.out.printf("sample preparation (one thread): %.1f ms/image%n", prepareMs);

    try (Graph graph = new Graph()) {
      TrainingGraph g = new TrainingGraph(graph, config, batchSize,
          new OptimizerSettings(OptimizerKind.ADAM, 0.9f, 0f, 35f, List.of()), 1f, 1);
      try (Session session = new Session(graph, precision.apply(RuntimeOptions.defaults().toConfigProto()))) {
        session.initialize();
        int[] next = {0};
        Runnable step = () -> runStep(session, g, config, batches.get(next[0]++ % batches.size()), null);
        Timer.Stats stats = Timer.time(3, steps, step);
        System.out.printf("training step: median %.1f ms, p95 %.1f ms over %d steps = %.1f images/s%n",
            stats.medianMs(), stats.p95Ms(), stats.runs(), batchSize * 1000 / stats.medianMs());
        RunMetadata metadata = runStep(session, g, config, batches.get(0),
            RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
        printProfile(metadata);
      }
    }
  }

  private static RunMetadata runStep(Session session, TrainingGraph g, ModelConfig config,
      List<TrainingSample> samples, RunOptions options) {
    try (Batch batch = new Batch(config, samples);
        TFloat32 rate = TFloat32.scalarOf(1e-4f);
        TFloat32 b1 = TFloat32.scalarOf(0.5f);
        TFloat32 b2 = TFloat32.scalarOf(0.5f)) {
      Session.Runner runner = batch.feed(session.runner(), g).feed(g.learningRate, rate).feed(g.beta1Power, b1)
          .feed(g.beta2Power, b2).fetch(g.loss.total()).addTarget(g.trainStep);
      if (options == null) {
        try (Result r = runner.run()) {
          return null;
        }
      }
      try (Result r = runner.setOptions(options).runAndFetchMetadata()) {
        return r.getMetadata().orElseThrow();
      }
    }
  }

  /** Op time summed by type, split into forward+loss and gradient ops (TF names those gradients/...). */
  private static void printProfile(RunMetadata metadata) {
    Map<String, double[]> byType = new HashMap<>();
    double forward = 0;
    double backward = 0;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        double ms = (node.getAllEndRelMicros()) / 1000.0;
        String label = node.getTimelineLabel();
        int eq = label.indexOf(" = ");
        String type = eq >= 0 ? label.substring(eq + 3).split("\\(")[0] : node.getNodeName();
        boolean grad = node.getNodeName().startsWith("gradients");
        double[] t = byType.computeIfAbsent(type, k -> new double[3]);
        t[grad ? 1 : 0] += ms;
        t[2]++;
        if (grad) {
          backward += ms;
        } else {
          forward += ms;
        }
      }
    }
    System.out.printf("traced step, op time summed over threads: forward+loss+update %.0f ms, gradients %.0f ms%n",
        forward, backward);
    System.out.println("| op type | forward ms | gradient ms | ops |");
    System.out.println("|---|---|---|---|");
    byType.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
        .limit(25)
        .forEach(e -> System.out.printf("| %s | %.1f | %.1f | %d |%n", e.getKey(), e.getValue()[0], e.getValue()[1],
            (int) e.getValue()[2]));
  }
}
