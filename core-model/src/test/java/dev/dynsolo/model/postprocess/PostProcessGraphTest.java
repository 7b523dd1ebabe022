package dev.dynsolo.model.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.model.config.BackboneConfig;
import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.BlockType;
import dev.dynsolo.model.config.HeadConfig;
import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.config.PostProcessConfig;
import dev.dynsolo.model.net.SoloOutputs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Drives the post-processing with hand-made network outputs. The mask feature is one-hot per
 * pixel (E = 64 = 8 x 8 pixels), so a kernel of +10/-10 draws exactly the mask we want.
 */
class PostProcessGraphTest {
  private static final int GRID = 4;
  private static final int CLASSES = 2;
  private static final int SIDE = 8;
  private static final float HIGH = (float) (1 / (1 + Math.exp(-10)));

  private static ModelConfig config(NmsKernel kernel) {
    return config(kernel, SIDE, 4);
  }

  /** Masks of side x side pixels at the given mask stride; the small-mask filter's stride is 3. */
  private static ModelConfig config(NmsKernel kernel, int side, int maskStride) {
    int input = side * maskStride;
    return new ModelConfig("test",
        new BackboneConfig(BlockType.BASIC, List.of(1, 1, 1, 1), 8, BackboneNorm.GROUP_NORM, 8),
        8, List.of(new LevelConfig(2, GRID, 3, 1, 100)), new HeadConfig(1, 8, side * side, 8, 8, 0.01, maskStride),
        CLASSES, new InputConfig(input, input, InputConfig.IMAGENET_MEAN, InputConfig.IMAGENET_STD),
        new PostProcessConfig(0.1f, 0.5f, 10, kernel, 2.0f, 0.05f, 5));
  }

  private static float logit(double p) {
    return (float) Math.log(p / (1 - p));
  }

  private static float[] rectangleKernel(int y0, int x0, int h, int w) {
    return rectangleKernel(SIDE, y0, x0, h, w);
  }

  private static float[] rectangleKernel(int side, int y0, int x0, int h, int w) {
    float[] k = new float[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        k[y * side + x] = (y >= y0 && y < y0 + h && x >= x0 && x < x0 + w) ? 10f : -10f;
      }
    }
    return k;
  }

  /** A GRID x GRID scene of background cells (score 0.05, empty mask) to place candidates on. */
  private record Scene(float[][][][] logits, float[][][][] kernels) {
    static Scene empty(int side) {
      Scene scene = new Scene(new float[1][GRID][GRID][CLASSES], new float[1][GRID][GRID][]);
      for (int y = 0; y < GRID; y++) {
        for (int x = 0; x < GRID; x++) {
          scene.place(y, x, 0, 0.05, rectangleKernel(side, 0, 0, 0, 0));
          scene.logits[0][y][x][1] = logit(0.05);
        }
      }
      return scene;
    }

    void place(int row, int col, int classIndex, double score, float[] kernel) {
      logits[0][row][col][classIndex] = logit(score);
      kernels[0][row][col] = kernel;
    }
  }

  private record Run(float[] scores, int[] classes, float[] masks, int count) {}

  private static Run run(NmsKernel kernel) {
    Scene scene = Scene.empty(SIDE);
    scene.place(0, 0, 0, 0.9, rectangleKernel(0, 0, 4, 4));
    scene.place(0, 2, 0, 0.8, rectangleKernel(0, 0, 4, 4)); // a duplicate of the first: Matrix NMS decays it
    scene.place(2, 0, 1, 0.7, rectangleKernel(0, 0, 4, 4)); // same pixels, other class: untouched
    scene.place(2, 2, 0, 0.95, rectangleKernel(6, 6, 1, 2)); // 2 pixels <= stride 3: filtered out
    return run(config(kernel), SIDE, scene);
  }

  private static Run run(ModelConfig config, int side, Scene scene) {
    float[][][][] features = new float[1][side][side][side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        features[0][y][x][y * side + x] = 1f;
      }
    }
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      SoloOutputs outputs = new SoloOutputs(List.of(tf.constant(scene.logits())), List.of(tf.constant(scene.kernels())),
          tf.constant(features));
      var post = config.postProcess();
      Detections d = new PostProcessGraph(tf, config).build(outputs, new RuntimeThresholds(
          tf.constant(post.scoreThreshold()), tf.constant(post.maskThreshold()), tf.constant(post.updateThreshold()),
          tf.constant(post.sigma()), tf.constant(post.kernel() == NmsKernel.LINEAR ? 1f : 0f)));
      try (Result r = session.runner().fetch(d.scores()).fetch(d.classes()).fetch(d.masks()).fetch(d.count()).run()) {
        TFloat32 scores = (TFloat32) r.get(0);
        TInt32 classes = (TInt32) r.get(1);
        TFloat32 masks = (TFloat32) r.get(2);
        assertArrayEquals(new long[] {1, 5, side, side}, masks.shape().asArray());
        float[] s = new float[5];
        int[] c = new int[5];
        float[] m = new float[5 * side * side];
        scores.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(s, false, false));
        classes.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(c, false, false));
        masks.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(m, false, false));
        return new Run(s, c, m, ((TInt32) r.get(3)).getInt(0));
      }
    }
  }

  @Test
  void gaussianKeepsADecayedDuplicateAndDropsTinyMasks() {
    Run run = run(NmsKernel.GAUSSIAN);
    assertEquals(3, run.count());
    assertEquals(0.9 * HIGH, run.scores()[0], 1e-5);
    assertEquals(0.7 * HIGH, run.scores()[1], 1e-5);
    assertEquals(0.8 * HIGH * Math.exp(-2.0), run.scores()[2], 1e-5);
    assertArrayEquals(new int[] {0, 1, 0, -1, -1}, run.classes());
    assertEquals(0f, run.scores()[3]);
    // The best mask is the 4x4 rectangle; padded masks are zero.
    assertEquals(HIGH, run.masks()[0], 1e-6);
    assertEquals(1 - HIGH, run.masks()[4], 1e-6);
    assertEquals(0f, run.masks()[3 * SIDE * SIDE + 1]);
  }

  @Test
  void theSmallMaskFilterCountsQuarterScalePixelsWhateverTheMaskStride() {
    // Stride 3 means "at most 3 pixels at 1/4 scale": 3 x 4 = 12 pixels of a half-scale mask.
    int side = 16;
    Scene scene = Scene.empty(side);
    scene.place(0, 0, 0, 0.9, rectangleKernel(side, 0, 0, 4, 4)); // 16 pixels
    scene.place(2, 2, 1, 0.8, rectangleKernel(side, 8, 8, 3, 3)); // 9 pixels
    Run quarter = run(config(NmsKernel.GAUSSIAN, side, 4), side, scene);
    assertEquals(2, quarter.count());
    assertArrayEquals(new int[] {0, 1, -1, -1, -1}, quarter.classes());
    Run half = run(config(NmsKernel.GAUSSIAN, side, 2), side, scene);
    assertEquals(1, half.count());
    assertArrayEquals(new int[] {0, -1, -1, -1, -1}, half.classes());
  }

  @Test
  void linearKernelRemovesAnExactDuplicate() {
    Run run = run(NmsKernel.LINEAR);
    assertEquals(2, run.count());
    assertArrayEquals(new int[] {0, 1, -1, -1, -1}, run.classes());
  }
}
