package dev.dynsolo.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.Presets;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class ParameterCountTest {

  private static long count(String preset, int classes, BuildMode mode) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var config = Presets.get(preset, classes);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 512, 512, 3)));
      VariableStore store = new VariableStore(tf, 1);
      SoloNetwork.build(new Layers(tf, store, mode), config, images);
      return store.trainableParameterCount();
    }
  }

  @Test
  void standardR50With80ClassesHas46Point6MillionParameters() {
    long params = count("r50", 80, BuildMode.TRAINING);
    assertEquals(46.6e6, params, 46.6e6 * 0.005, "r50 parameters: " + params);
  }

  /** The authors' builder gives these counts for their configs (WXinlong/SOLO f4cd03b, counted in a scratch run). */
  @Test
  void deformablePresetsHaveTheAuthorsParameterCounts() {
    assertEquals(33_185_054, count("light-r50-dcn", 80, BuildMode.TRAINING), "solov2_light_512_dcn_r50");
    assertEquals(68_729_118, count("r101-dcn", 80, BuildMode.TRAINING), "solov2_r101_dcn");
    assertEquals(113_420_574, count("x101-dcn", 80, BuildMode.TRAINING), "solov2_x101_dcn");
  }

  @Test
  void foldingBatchNormRemovesOnlyTheAffineParameters() {
    long training = count("light-r18", 80, BuildMode.TRAINING);
    long inference = count("light-r18", 80, BuildMode.INFERENCE);
    assertTrue(inference < training, training + " vs " + inference);
  }
}
