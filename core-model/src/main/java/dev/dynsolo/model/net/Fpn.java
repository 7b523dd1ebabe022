package dev.dynsolo.model.net;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/** Feature pyramid: lateral 1x1, nearest top-down, 3x3 output convs; P6 subsamples P5 by 2. */
final class Fpn {
  private final Layers layers;
  private final int channels;

  Fpn(Layers layers, int channels) {
    this.layers = layers;
    this.channels = channels;
  }

  /**
   * Returns P2..P6 (float32) from C2..C5 with the given channel counts. In a bf16 graph the
   * laterals, the top-down sums and the output convs run in bfloat16.
   */
  List<Operand<TFloat32>> build(List<Operand<? extends TNumber>> stages, List<Integer> stageChannels) {
    return buildIn(stages, stageChannels, layers.activationType());
  }

  private <T extends TNumber> List<Operand<TFloat32>> buildIn(List<Operand<? extends TNumber>> stages,
      List<Integer> stageChannels, Class<T> type) {
    List<Operand<T>> laterals = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      laterals.add(layers.convIn("neck.lateral_convs." + i + ".conv", layers.as(stages.get(i), type),
          stageChannels.get(i), channels, 1, 1, true, Init.xavierUniform()));
    }
    for (int i = laterals.size() - 1; i > 0; i--) {
      Operand<T> up = layers.tf().image.resizeNearestNeighbor(
          laterals.get(i), layers.spatialSize(laterals.get(i - 1)), ResizeNearestNeighbor.halfPixelCenters(false));
      laterals.set(i - 1, layers.tf().math.add(laterals.get(i - 1), up));
    }
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    for (int i = 0; i < laterals.size(); i++) {
      outputs.add(layers.as(layers.convIn("neck.fpn_convs." + i + ".conv", laterals.get(i), channels, channels, 3, 1,
          true, Init.xavierUniform()), TFloat32.class));
    }
    outputs.add(layers.maxPool(outputs.get(outputs.size() - 1), 1, 2));
    return outputs;
  }
}
