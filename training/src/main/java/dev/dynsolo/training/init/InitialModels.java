package dev.dynsolo.training.init;

import dev.dynsolo.model.bundle.LoadedBundle;
import dev.dynsolo.model.bundle.ModelCard;
import dev.dynsolo.model.checkpoint.ImportedModel;
import dev.dynsolo.model.checkpoint.SoloCheckpointImport;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.graph.InferenceGraph;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.ConvBnPair;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.ModelVariable;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.VariableStore;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.weights.BatchNormFolding;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.model.weights.WeightTensor;
import dev.dynsolo.training.loop.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Reads what {@code train --init} starts from: a serving bundle made here (its folded BatchNorm
 * unfolded exactly: the conv keeps the folded weights, the norm becomes scale 1 and shift b), a
 * training checkpoint directory, or an authors' SOLOv2 {@code .pth} checkpoint.
 */
public final class InitialModels {
  private InitialModels() {}

  public static InitialModel load(Path source) {
    if (Files.isRegularFile(source)) {
      ImportedModel imported = SoloCheckpointImport.read(source, null);
      return new InitialModel(imported.config(), imported.weights(), imported.classNames(), source.toString());
    }
    if (Files.isRegularFile(source.resolve("state.json"))) {
      return fromCheckpoint(source);
    }
    if (Files.isRegularFile(source.resolve("model.json"))) {
      return fromBundle(source);
    }
    throw new IllegalArgumentException("--init " + source + " is neither a model bundle (model.json), a training"
        + " checkpoint (state.json) nor a .pth checkpoint file");
  }

  private static InitialModel fromCheckpoint(Path checkpoint) {
    Checkpoints.State state = Checkpoints.readState(checkpoint);
    ModelConfig config = state.model() != null ? state.model()
        : Presets.get(state.preset(), state.classNames().size());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 0);
      SoloNetwork.build(new Layers(tf, store, BuildMode.TRAINING), config,
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3))));
      try (Session session = new Session(graph)) {
        Checkpoints.restore(session, checkpoint);
        return new InitialModel(config, SessionWeights.read(session, store.all()), state.classNames(),
            checkpoint.toString());
      }
    }
  }

  private static InitialModel fromBundle(Path dir) {
    ModelCard card = LoadedBundle.readCard(dir);
    if (card.model() == null) {
      throw new IllegalArgumentException("--init " + dir + ": the bundle has no model config in model.json (made"
          + " elsewhere?), so its network cannot be rebuilt for training");
    }
    ModelConfig config = card.model();
    List<ModelVariable> servingVariables;
    List<ConvBnPair> folded;
    try (Graph graph = new Graph()) {
      InferenceGraph inference = InferenceGraph.build(graph, config, 0);
      servingVariables = inference.variables();
      folded = inference.foldedPairs();
    }
    WeightSet serving = new WeightSet();
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      Session.Runner runner = bundle.session().runner();
      for (ModelVariable v : servingVariables) {
        runner.fetch(v.name());
      }
      try (Result result = runner.run()) {
        for (int i = 0; i < servingVariables.size(); i++) {
          TFloat32 t = (TFloat32) result.get(i);
          float[] values = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(values, false, false));
          serving.put(servingVariables.get(i).name(), new WeightTensor(t.shape().asArray(), values));
        }
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--init " + dir + ": cannot read the bundle's variables: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return new InitialModel(config, unfold(serving, folded), card.classNames(), dir.toString());
  }

  /**
   * Inverse of {@link BatchNormFolding}: conv weights stay, the folded bias becomes the norm's
   * shift, the norm's scale 1, mean 0 and variance 1 - eps, so the training form computes what the
   * bundle computes.
   */
  static WeightSet unfold(WeightSet serving, List<ConvBnPair> pairs) {
    WeightSet out = new WeightSet();
    java.util.Set<String> biases = new java.util.HashSet<>();
    for (ConvBnPair pair : pairs) {
      biases.add(pair.conv() + ".bias");
    }
    for (String name : serving.names()) {
      if (!biases.contains(name)) {
        out.put(name, serving.get(name));
      }
    }
    for (ConvBnPair pair : pairs) {
      WeightTensor bias = serving.get(pair.conv() + ".bias");
      int channels = bias.values().length;
      float[] ones = new float[channels];
      Arrays.fill(ones, 1f);
      float[] variance = new float[channels];
      Arrays.fill(variance, 1f - BatchNormFolding.EPSILON);
      long[] shape = {channels};
      out.put(pair.batchNorm() + ".weight", new WeightTensor(shape, ones));
      out.put(pair.batchNorm() + ".bias", bias);
      out.put(pair.batchNorm() + ".running_mean", new WeightTensor(shape, new float[channels]));
      out.put(pair.batchNorm() + ".running_var", new WeightTensor(shape, variance));
    }
    return out;
  }
}
