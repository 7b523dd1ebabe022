package dev.dynsolo.training.loop;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.training.augment.AugmentSettings;
import dev.dynsolo.training.data.BadAnnotationPolicy;
import dev.dynsolo.training.data.CocoLoader;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.graph.OptimizerKind;
import dev.dynsolo.training.graph.OptimizerSettings;
import dev.dynsolo.training.graph.TrainingGraph;
import dev.dynsolo.training.shapes.ShapesDatasetWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class SmokeTrainTest {
  @TempDir Path dir;

  @Test
  void smoke() {
    ShapesDatasetWriter.write(dir, "train", 8, 256, 256, 4, 1);
    Dataset data = CocoLoader.load(dir.resolve("annotations/train.json"), dir.resolve("images"), BadAnnotationPolicy.FAIL);
    ModelConfig config = Presets.get("nano", 3);
    SampleFactory factory = new SampleFactory(config, AugmentSettings.NONE);
    List<TrainingSample> samples = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      samples.add(factory.create(data.images().get(i), i));
    }
    try (Graph g = new Graph()) {
      TrainingGraph t = new TrainingGraph(g, config,
          new OptimizerSettings(OptimizerKind.SGD, 0.9f, 1e-4f, 35f, List.of()), 1);
      try (Session s = new Session(g); Batch b = new Batch(config, samples);
          TFloat32 one = TFloat32.scalarOf(1f)) {
        for (int step = 0; step < 80; step++) {
          long t0 = System.nanoTime();
          float rate = 0.01f * Math.min(1f, 0.01f + step / 40f);
          TFloat32 lr = TFloat32.scalarOf(rate);
          try (Result r = b.feed(s.runner(), t).feed(t.learningRate, lr).feed(t.beta1Power, one).feed(t.beta2Power, one)
              .fetch(t.loss.focal()).fetch(t.loss.dice()).fetch(t.gradientNorm).addTarget(t.trainStep).run()) {
            System.out.printf("step %d focal %.4f dice %.4f gnorm %.2f %d ms%n", step,
                ((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat(), ((TFloat32) r.get(2)).getFloat(),
                (System.nanoTime() - t0) / 1000000);
          }
          lr.close();
        }
      }
    }
  }
}
