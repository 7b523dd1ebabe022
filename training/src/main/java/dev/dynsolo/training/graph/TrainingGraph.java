package dev.dynsolo.training.graph;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.graph.ImageNormalisation;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.ModelVariable;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.SoloOutputs;
import dev.dynsolo.model.net.VariableRole;
import dev.dynsolo.model.net.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The training graph: network (training form), loss, gradients of the trainable variables, global
 * norm clipping, weight decay, and one SGD-momentum or Adam update per step, plus a step counter.
 * The learning rate is fed each step, so the schedule lives in Java. Every variable, optimiser
 * slots and the step included, is a VariableV2 with a flat name, so {@code Session.save/restore}
 * checkpoints all of it.
 */
public final class TrainingGraph {
  public static final String STEP = "global_step";

  public final Placeholder<TUint8> images;
  public final Placeholder<TInt32> labels;
  public final Placeholder<TInt32> positiveCells;
  public final Placeholder<TInt32> positiveInstances;
  public final Placeholder<TInt32> positiveCounts;
  public final Placeholder<TUint8> masks;
  public final Placeholder<TFloat32> learningRate;
  public final Placeholder<TFloat32> beta1Power;
  public final Placeholder<TFloat32> beta2Power;
  public final SoloLoss.Terms loss;
  public final Operand<TFloat32> gradientNorm;
  public final Op trainStep;
  /** Images per step: the graph is built for one batch size ({@link SoloLoss}). */
  public final int batchSize;
  public final Variable<TInt64> step;
  public final List<ModelVariable> modelVariables;
  public final int trainableCount;

  /**
   * @param batchSize images in every batch fed to this graph
   * @param classCrossEntropyWeight weight of the class cross-entropy at positive cells ({@link SoloLoss}), 0 for
   *     the paper's loss
   */
  public TrainingGraph(Graph graph, ModelConfig config, int batchSize, OptimizerSettings optimizer,
      float classCrossEntropyWeight, long seed) {
    this.batchSize = batchSize;
    Ops tf = Ops.create(graph);
    int h = config.input().height();
    int w = config.input().width();
    images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(Shape.of(batchSize, h, w, 3)));
    labels = tf.withName("labels").placeholder(TInt32.class,
        Placeholder.shape(Shape.of(batchSize, config.totalCells())));
    positiveCells = tf.withName("positive_cells").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    positiveInstances = tf.withName("positive_instances").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    positiveCounts = tf.withName("positive_counts").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));
    masks = tf.withName("masks").placeholder(TUint8.class,
        Placeholder.shape(Shape.of(batchSize, -1, config.maskHeight(), config.maskWidth())));
    learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta1Power = tf.withName("adam_beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta2Power = tf.withName("adam_beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

    VariableStore store = new VariableStore(tf, seed);
    SoloOutputs outputs = SoloNetwork.build(new Layers(tf, store, BuildMode.TRAINING), config,
        ImageNormalisation.apply(tf, images, config.input()));
    loss = SoloLoss.build(tf, config, batchSize, outputs, labels, positiveCells, positiveInstances, positiveCounts,
        masks, classCrossEntropyWeight);
    modelVariables = store.all();

    List<ModelVariable> trainable = new ArrayList<>();
    for (ModelVariable v : modelVariables) {
      boolean frozen = optimizer.frozenPrefixes().stream().anyMatch(p -> v.name().startsWith(p));
      if (v.role() == VariableRole.TRAINABLE && !frozen) {
        trainable.add(v);
      }
    }
    trainableCount = trainable.size();
    Output<?>[] xs = new Output<?>[trainable.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = trainable.get(i).variable().asOutput();
    }
    Output<?>[] grads = graph.addGradients(loss.total().asOutput(), xs);

    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (Output<?> g : grads) {
      squares.add(tf.sum(tf.math.square(asFloat(g)), tf.constant(allAxes(g))));
    }
    gradientNorm = tf.math.sqrt(tf.math.addN(squares));
    Operand<TFloat32> clipScale = optimizer.clipNorm() > 0
        ? tf.math.div(tf.constant(optimizer.clipNorm()), tf.math.maximum(gradientNorm, tf.constant(optimizer.clipNorm())))
        : tf.constant(1f);

    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < trainable.size(); i++) {
      ModelVariable v = trainable.get(i);
      Operand<TFloat32> g = tf.math.mul(asFloat(grads[i]), clipScale);
      if (optimizer.weightDecay() > 0) {
        g = tf.math.add(g, tf.math.mul(tf.constant(optimizer.weightDecay()), v.variable()));
      }
      updates.add(update(tf, optimizer, v, g));
    }
    step = tf.withName(STEP).variable(tf.constant(0L));
    trainStep = tf.withControlDependencies(updates).assignAdd(step, tf.constant(1L));
  }

  private Op update(Ops tf, OptimizerSettings optimizer, ModelVariable v, Operand<TFloat32> g) {
    Operand<TFloat32> zeros = tf.zeros(tf.constant(v.shape().asArray()), TFloat32.class);
    if (optimizer.kind() == OptimizerKind.SGD) {
      Variable<TFloat32> momentum = tf.withName(v.name() + ".momentum").variable(zeros);
      return tf.train.applyMomentum(v.variable(), momentum, learningRate, g, tf.constant(optimizer.momentum()));
    }
    Variable<TFloat32> m = tf.withName(v.name() + ".adam_m").variable(zeros);
    Variable<TFloat32> s = tf.withName(v.name() + ".adam_v").variable(tf.zeros(tf.constant(v.shape().asArray()), TFloat32.class));
    return tf.train.applyAdam(v.variable(), m, s, beta1Power, beta2Power, learningRate, tf.constant(ADAM_BETA1),
        tf.constant(ADAM_BETA2), tf.constant(1e-8f), g);
  }

  public static final float ADAM_BETA1 = 0.9f;
  public static final float ADAM_BETA2 = 0.999f;

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> asFloat(Output<?> o) {
    return (Operand<TFloat32>) o;
  }

  private static int[] allAxes(Output<?> g) {
    int rank = g.shape().numDimensions();
    int[] axes = new int[Math.max(rank, 0)];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return axes;
  }
}
