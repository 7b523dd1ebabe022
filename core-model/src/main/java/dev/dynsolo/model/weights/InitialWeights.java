package dev.dynsolo.model.weights;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.VariableStore;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Freshly initialised training-form weights for a config, reproducible from a seed. */
public final class InitialWeights {
  private InitialWeights() {}

  public static WeightSet create(ModelConfig config, long seed) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(
          Shape.of(-1, config.input().height(), config.input().width(), 3)));
      VariableStore store = new VariableStore(tf, seed);
      SoloNetwork.build(new Layers(tf, store, BuildMode.TRAINING), config, images);
      try (Session session = new Session(graph)) {
        session.initialize();
        return SessionWeights.read(session, store.all());
      }
    }
  }
}
