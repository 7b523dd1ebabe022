package dev.dynsolo.model.net;

import dev.dynsolo.model.config.HeadConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The unified mask feature: P2..P5 each brought to 1/4 scale by i x (3x3 conv + GN + ReLU + x2
 * bilinear up), coordinates added on P5, summed, then a 1x1 conv to E channels + GN + ReLU.
 */
final class MaskFeatureBranch {
  private final Layers layers;
  private final HeadConfig head;
  private final int inChannels;

  MaskFeatureBranch(Layers layers, HeadConfig head, int inChannels) {
    this.layers = layers;
    this.head = head;
    this.inChannels = inChannels;
  }

  /** {@code pyramid} holds P2..P5 (at least); returns [B, H/4, W/4, E]. */
  Operand<TFloat32> apply(List<Operand<TFloat32>> pyramid) {
    int width = head.maskFeatureChannels();
    int groups = head.groupNormGroups();
    Init init = Init.normal(0.01f);
    Operand<TFloat32> sum = null;
    for (int level = 0; level < 4; level++) {
      Operand<TFloat32> x = pyramid.get(level);
      int in = inChannels;
      if (level == 3) {
        x = layers.tf().concat(List.of(x, layers.coordinates(x)), layers.tf().constant(3));
        in += 2;
      }
      String prefix = "mask_feat_head.convs_all_levels." + level;
      if (level == 0) {
        x = layers.convGnRelu(prefix + ".conv0", x, in, width, 3, groups, init);
      }
      for (int j = 0; j < level; j++) {
        x = layers.convGnRelu(prefix + ".conv" + j, x, j == 0 ? in : width, width, 3, groups, init);
        x = layers.resize(x, layers.tf().math.mul(layers.spatialSize(x), layers.tf().constant(2)));
      }
      sum = sum == null ? x : layers.tf().math.add(sum, x);
    }
    return layers.convGnRelu("mask_feat_head.conv_pred.0", sum, width, head.kernelDim(), 1, groups, init);
  }
}
