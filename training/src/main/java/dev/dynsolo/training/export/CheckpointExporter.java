package dev.dynsolo.training.export;

import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.VariableStore;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.training.loop.Checkpoints;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a serving bundle from a training checkpoint: rebuilds the training-form network, restores
 * its variables by name (optimiser state is left in the checkpoint), folds BatchNorm and exports.
 */
public final class CheckpointExporter {
  private CheckpointExporter() {}

  public static void export(Path checkpoint, Path bundle) {
    Checkpoints.State state = Checkpoints.readState(checkpoint);
    ModelConfig config = state.model() != null ? state.model()
        : Presets.get(state.preset(), state.classNames().size());
    WeightSet weights;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(
          Shape.of(-1, config.input().height(), config.input().width(), 3)));
      VariableStore store = new VariableStore(tf, 0);
      SoloNetwork.build(new Layers(tf, store, BuildMode.TRAINING), config, images);
      try (Session session = new Session(graph)) {
        Checkpoints.restore(session, checkpoint);
        weights = SessionWeights.read(session, store.all());
      }
    }
    BundleWriter.write(bundle, config, weights, state.classNames(),
        "exported from checkpoint " + checkpoint.getFileName() + " (step " + state.step() + ")");
  }
}
