package dev.dynsolo.training.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.net.SoloOutputs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The loss terms on one image with a single positive cell, against values worked out by hand: all
 * logits 0 except the positive cell's (2, 0, -1) for class 0, mask features 0 (every predicted mask
 * pixel 0.5) and a 16-pixel target mask.
 */
class SoloLossTest {
  private static final ModelConfig CONFIG = Presets.get("nano", 3);
  private static final int POSITIVE_CELL = 2 * 24 + 3; // level 0 (grid 24), row 2, column 3
  private static final float[] POSITIVE_LOGITS = {2f, 0f, -1f};
  private static final int TARGET_PIXELS = 16;

  @Test
  void focalAndDiceMatchTheirFormulasAndTheClassTermIsOffAtWeightZero() {
    double[] terms = run(0f);
    assertEquals(expectedFocal(), terms[0], 1e-3, "focal (4320 float terms)");
    assertEquals(0, terms[1], 0, "class cross-entropy");
    assertEquals(expectedDice(), terms[2], 1e-5, "dice");
    assertEquals(terms[0] + terms[2], terms[3], 1e-3, "total");
  }

  @Test
  void classCrossEntropyIsSoftmaxCrossEntropyAtThePositivesOverPositivesPlusOne() {
    double[] terms = run(2f);
    double logSumExp = Math.log(Math.exp(2) + Math.exp(0) + Math.exp(-1));
    double expected = 2 * (logSumExp - 2) / 2; // weight 2, one positive: divide by 1 + 1
    assertEquals(expected, terms[1], 1e-5, "class cross-entropy");
    assertEquals(expectedFocal(), terms[0], 1e-3, "focal unchanged");
    assertEquals(terms[0] + terms[1] + terms[2], terms[3], 1e-3, "total");
    // d(class term)/d(logits) = weight * (softmax - one-hot) / 2 at the positive cell, 0 elsewhere.
    double[] softmax = new double[3];
    for (int c = 0; c < 3; c++) {
      softmax[c] = Math.exp(POSITIVE_LOGITS[c]) / Math.exp(logSumExp);
    }
    int offset = POSITIVE_CELL * 3;
    for (int c = 0; c < 3; c++) {
      assertEquals(2 * (softmax[c] - (c == 0 ? 1 : 0)) / 2, terms[4 + offset + c], 1e-5, "gradient, class " + c);
    }
    assertEquals(0, terms[4 + offset + 3], 0, "gradient at a background cell");
  }

  /**
   * Two images, positives listed without padding: image 0 has one, image 1 two. Each positive's
   * kernel must meet its own image's mask feature (image 0's feature gives logit -2 for kernel
   * (2, 0, ...), image 1's +2) and its own image's mask; Dice is the mean over the three.
   */
  @Test
  void diceMatchesEachPositiveWithItsOwnImagesFeatureAndMask() {
    int e = CONFIG.head().kernelDim();
    int cells = CONFIG.totalCells();
    int pixels = CONFIG.maskWidth() * CONFIG.maskHeight();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Operand<TFloat32>> logits = new ArrayList<>();
      List<Operand<TFloat32>> kernels = new ArrayList<>();
      for (LevelConfig level : CONFIG.levels()) {
        int s = level.grid();
        logits.add(tf.zeros(tf.constant(new int[] {2, s, s, 3}), TFloat32.class));
        if (kernels.isEmpty()) {
          float[] k = new float[2 * s * s * e];
          k[POSITIVE_CELL * e] = 2f; // image 0, cell 51
          k[(s * s + POSITIVE_CELL) * e] = 2f; // image 1, cell 51; image 1, cell 52 stays 0
          kernels.add(tf.constant(Shape.of(2, s, s, e), DataBuffers.of(k)));
        } else {
          kernels.add(tf.zeros(tf.constant(new int[] {2, s, s, e}), TFloat32.class));
        }
      }
      float[] f = new float[2 * pixels * e];
      for (int i = 0; i < pixels; i++) {
        f[i * e] = -1f;
        f[(pixels + i) * e] = 1f;
      }
      Operand<TFloat32> features = tf.constant(Shape.of(2, CONFIG.maskHeight(), CONFIG.maskWidth(), e),
          DataBuffers.of(f));
      int[] labels = new int[2 * cells];
      labels[POSITIVE_CELL] = 1;
      labels[cells + POSITIVE_CELL] = 1;
      labels[cells + POSITIVE_CELL + 1] = 1;
      int[] maskPixels = {16, 40, 8}; // image 0 instance 0, image 1 instances 0 and 1
      byte[] masks = new byte[2 * 2 * pixels];
      int[] rows = {0, 2, 3};
      for (int m = 0; m < 3; m++) {
        for (int i = 0; i < maskPixels[m]; i++) {
          masks[rows[m] * pixels + 500 + i] = (byte) 255;
        }
      }
      SoloLoss.Terms terms = SoloLoss.build(tf, CONFIG, 2, new SoloOutputs(logits, kernels, features),
          tf.constant(Shape.of(2, cells), DataBuffers.of(labels)),
          tf.constant(new int[] {POSITIVE_CELL, cells + POSITIVE_CELL, cells + POSITIVE_CELL + 1}),
          tf.constant(new int[] {0, 2, 3}), tf.constant(new int[] {1, 2}),
          tf.constant(TUint8.class, Shape.of(2, 2, CONFIG.maskHeight(), CONFIG.maskWidth()), DataBuffers.of(masks)),
          0f);
      double[] predicted = {sigmoid(-2), sigmoid(2), 0.5};
      double sum = 0;
      for (int m = 0; m < 3; m++) {
        sum += 1 - 2 * predicted[m] * maskPixels[m]
            / (predicted[m] * predicted[m] * pixels + 1e-3 + maskPixels[m] + 1e-3);
      }
      try (Session session = new Session(graph); Result r = session.runner().fetch(terms.dice()).run()) {
        assertEquals(3 * sum / 3, ((TFloat32) r.get(0)).getFloat(), 1e-5);
      }
    }
  }

  private static double expectedFocal() {
    double ln2 = Math.log(2);
    int entries = CONFIG.totalCells() * 3;
    double sum = (entries - 3) * 0.75 * 0.25 * ln2;
    double p0 = sigmoid(2);
    sum += 0.25 * (1 - p0) * (1 - p0) * Math.log1p(Math.exp(-2)); // class 0, target 1
    sum += 0.75 * 0.25 * ln2; // class 1, logit 0, target 0
    double p2 = sigmoid(-1);
    sum += 0.75 * p2 * p2 * Math.log1p(Math.exp(-1)); // class 2, logit -1, target 0
    return sum / 2;
  }

  private static double expectedDice() {
    int pixels = CONFIG.maskWidth() * CONFIG.maskHeight();
    double a = 0.5 * TARGET_PIXELS;
    double b = 0.25 * pixels + 1e-3;
    double c = TARGET_PIXELS + 1e-3;
    return 3 * (1 - 2 * a / (b + c));
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** {focal, class, dice, total, d class / d level-0 logits...}. */
  private static double[] run(float classWeight) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      int e = CONFIG.head().kernelDim();
      LevelConfig first = CONFIG.levels().get(0);
      Placeholder<TFloat32> firstLogits = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(1, first.grid(), first.grid(), 3)));
      List<Operand<TFloat32>> logits = new ArrayList<>();
      List<Operand<TFloat32>> kernels = new ArrayList<>();
      for (LevelConfig level : CONFIG.levels()) {
        int s = level.grid();
        logits.add(logits.isEmpty() ? firstLogits : tf.zeros(tf.constant(new int[] {1, s, s, 3}), TFloat32.class));
        kernels.add(tf.zeros(tf.constant(new int[] {1, s, s, e}), TFloat32.class));
      }
      Operand<TFloat32> features = tf.zeros(tf.constant(new int[] {1, CONFIG.maskHeight(), CONFIG.maskWidth(), e}),
          TFloat32.class);
      int[] labels = new int[CONFIG.totalCells()];
      labels[POSITIVE_CELL] = 1;
      byte[] mask = new byte[CONFIG.maskWidth() * CONFIG.maskHeight()];
      for (int i = 0; i < TARGET_PIXELS; i++) {
        mask[1000 + i] = (byte) 255;
      }
      SoloLoss.Terms terms = SoloLoss.build(tf, CONFIG, 1, new SoloOutputs(logits, kernels, features),
          tf.constant(Shape.of(1, labels.length), DataBuffers.of(labels)),
          tf.constant(new int[] {POSITIVE_CELL}), tf.constant(new int[] {0}), tf.constant(new int[] {1}),
          tf.constant(TUint8.class, Shape.of(1, 1, CONFIG.maskHeight(), CONFIG.maskWidth()), DataBuffers.of(mask)),
          classWeight);
      Output<?>[] gradient = classWeight > 0
          ? graph.addGradients(terms.classCrossEntropy().asOutput(), new Output<?>[] {firstLogits.asOutput()})
          : new Output<?>[0];
      float[] logitValues = new float[first.grid() * first.grid() * 3];
      System.arraycopy(POSITIVE_LOGITS, 0, logitValues, POSITIVE_CELL * 3, 3);
      try (Session session = new Session(graph);
          TFloat32 feed = TFloat32.tensorOf(Shape.of(1, first.grid(), first.grid(), 3), DataBuffers.of(logitValues))) {
        Session.Runner runner = session.runner().feed(firstLogits, feed).fetch(terms.focal())
            .fetch(terms.classCrossEntropy()).fetch(terms.dice()).fetch(terms.total());
        for (Output<?> g : gradient) {
          runner.fetch(g);
        }
        try (Result r = runner.run()) {
          double[] out = new double[4 + (gradient.length > 0 ? logitValues.length : 0)];
          for (int i = 0; i < 4; i++) {
            out[i] = ((TFloat32) r.get(i)).getFloat();
          }
          if (gradient.length > 0) {
            TFloat32 g = (TFloat32) r.get(4);
            float[] values = new float[logitValues.length];
            g.copyTo(DataBuffers.of(values, false, false));
            for (int i = 0; i < values.length; i++) {
              out[4 + i] = values[i];
            }
          }
          return out;
        }
      }
    }
  }
}
