package dev.dynsolo.model.net;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Raw network outputs, one entry per configured level.
 *
 * @param categoryLogits per level [B, S, S, C], before the sigmoid
 * @param kernels per level [B, S, S, E], the dynamic 1x1 kernels
 * @param maskFeatures [B, H/s, W/s, E] (s the mask stride, 4 in the paper), the unified mask feature
 * @param pyramid the FPN outputs P2..P6, for inspection (empty where outputs were made otherwise)
 */
public record SoloOutputs(
    List<Operand<TFloat32>> categoryLogits, List<Operand<TFloat32>> kernels, Operand<TFloat32> maskFeatures,
    List<Operand<TFloat32>> pyramid) {

  /** Outputs without the pyramid (tests that make head outputs directly). */
  public SoloOutputs(List<Operand<TFloat32>> categoryLogits, List<Operand<TFloat32>> kernels,
      Operand<TFloat32> maskFeatures) {
    this(categoryLogits, kernels, maskFeatures, List.of());
  }
}
