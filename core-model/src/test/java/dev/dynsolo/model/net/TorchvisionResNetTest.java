package dev.dynsolo.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.BackboneConfig;
import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.BlockType;
import dev.dynsolo.model.weights.BatchNormFolding;
import dev.dynsolo.model.weights.NpzReader;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.StateDictFiles;
import dev.dynsolo.model.weights.WeightImport;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.model.weights.WeightTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A torchvision ResNet {@code .pth} initialises our backbone exactly: C2 and C3 equal
 * torchvision's own forward pass within 1e-4 * max(1, |reference|).
 *
 * <p>The fixture was made outside the project with torchvision 0.28.0's own {@code ResNet} class
 * ({@code ResNet(Bottleneck, [1, 1, 1, 1])}: full widths, stride on the 3x3 conv, downsample
 * shortcuts), torch 2.13.0, seed 7, BatchNorm affine and running statistics randomised (weight
 * U(0.5, 1.5), bias N(0, 0.2), mean N(0, 0.2), var U(0.5, 1.5)), rounded to float16 and saved with
 * {@code torch.save} (zip format, float16, an OrderedDict with {@code _metadata}). To keep the
 * repository light the file holds the state dict's stem, layer1 (a stride-1 bottleneck) and
 * layer2 (a stride-2 one), 0.9 MB instead of 20; the features come from the float32 model in
 * eval mode on a random N(0, 1) input of 64 x 96, stored beside it. Layers 3 and 4 are the same
 * code as layer 2 and stay unfilled here.
 */
class TorchvisionResNetTest {
  private static final Path DIR = Path.of("src/test/resources/torchvision");
  private static final BackboneConfig BACKBONE =
      new BackboneConfig(BlockType.BOTTLENECK, List.of(1, 1, 1, 1), 64, BackboneNorm.FROZEN_BATCH_NORM, 32);

  @ParameterizedTest
  @EnumSource(BuildMode.class)
  void torchvisionWeightsGiveTorchvisionFeatures(BuildMode mode) {
    Map<String, WeightTensor> reference = NpzReader.read(DIR.resolve("resnet-bottleneck-stem-layer2-features.npz"));
    WeightTensor input = reference.get("input");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 64, 96, 3)));
      VariableStore store = new VariableStore(tf, 0);
      Layers layers = new Layers(tf, store, mode);
      BackboneFeatures features = new ResNet(layers, BACKBONE).build(images);
      WeightSet trainingForm = trainingForm();
      WeightImport.Report report = WeightImport.apply(trainingForm,
          StateDictFiles.read(DIR.resolve("resnet-bottleneck-stem-layer2-fp16.pth")), "backbone.", "backbone.");
      assertTrue(report.mismatched().isEmpty(), report.toString());
      assertTrue(report.missing().stream().allMatch(n -> n.startsWith("backbone.layer3") || n.startsWith("backbone.layer4")),
          "only the stages the fixture leaves out are missing: " + report.missing());
      WeightSet values = mode == BuildMode.INFERENCE ? BatchNormFolding.fold(trainingForm, layers.foldedPairs())
          : trainingForm;
      try (Session session = new Session(graph);
          TFloat32 x = TFloat32.tensorOf(Shape.of(1, 64, 96, 3), DataBuffers.of(nchwToNhwc(input), true, false))) {
        SessionWeights.assign(graph, session, store.all(), values);
        Session.Runner runner = session.runner().feed(images, x);
        features.stages().subList(0, 2).forEach(runner::fetch);
        try (Result result = runner.run()) {
          for (int i = 0; i < 2; i++) {
            TFloat32 t = (TFloat32) result.get(i);
            float[] ours = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(ours, false, false));
            WeightTensor ref = reference.get("c" + (i + 2));
            long[] r = ref.shape();
            assertArrayEquals(new long[] {1, r[2], r[3], r[1]}, t.shape().asArray(), "c" + (i + 2));
            assertClose(mode + " c" + (i + 2), nchwToNhwc(ref), ours);
          }
        }
      }
    }
  }

  /** The variables in training form (conv weights, BatchNorm separate), zero until imported. */
  private static WeightSet trainingForm() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableStore training = new VariableStore(tf, 0);
      new ResNet(new Layers(tf, training, BuildMode.TRAINING), BACKBONE)
          .build(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 64, 96, 3))));
      WeightSet out = new WeightSet();
      for (ModelVariable v : training.all()) {
        out.put(v.name(), new WeightTensor(v.shape().asArray(), new float[(int) v.shape().size()]));
      }
      return out;
    }
  }

  private static void assertClose(String what, float[] expected, float[] ours) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
    }
    assertTrue(worst <= 1e-4, what + ": largest scaled difference " + worst);
  }

  private static float[] nchwToNhwc(WeightTensor t) {
    long[] s = t.shape();
    int c = (int) s[1];
    int h = (int) s[2];
    int w = (int) s[3];
    float[] v = t.values();
    float[] out = new float[v.length];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[(y * w + x) * c + ch] = v[(ch * h + y) * w + x];
        }
      }
    }
    return out;
  }
}
