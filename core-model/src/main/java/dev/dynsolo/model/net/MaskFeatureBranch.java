package dev.dynsolo.model.net;

import dev.dynsolo.model.config.HeadConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The unified mask feature: P2..P5 each brought to 1/4 scale by i x (3x3 conv + GN + ReLU + x2
 * bilinear up), coordinates added on P5, summed, then a 1x1 conv to E channels + GN + ReLU. With
 * mask stride 2 that feature is brought up x2 once more, a 1x1 projection of the backbone's
 * stride-2 stem is added and a ReLU follows: the stem's edges can cut the smooth upsampled feature
 * at half the input resolution.
 *
 * <p>The per-level convolutions are built with {@code levelLayers} and the rest with
 * {@code layers}: the bf16 signature multiplies the former in bfloat16 and keeps the 1x1
 * projection to E channels (and the stem skip) in float32.
 */
final class MaskFeatureBranch {
  private final Layers levelLayers;
  private final Layers layers;
  private final HeadConfig head;
  private final int inChannels;

  MaskFeatureBranch(Layers levelLayers, Layers layers, HeadConfig head, int inChannels) {
    this.levelLayers = levelLayers;
    this.layers = layers;
    this.head = head;
    this.inChannels = inChannels;
  }

  /**
   * {@code pyramid} holds P2..P5 (at least), {@code stem} is the backbone's stride-2 output with
   * {@code stemChannels} channels (used only at mask stride 2); returns [B, H/s, W/s, E].
   */
  Operand<TFloat32> apply(List<Operand<TFloat32>> pyramid, Operand<TFloat32> stem, int stemChannels) {
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
        x = levelLayers.convGnRelu(head.maskFeatureConv(), prefix + ".conv0", x, in, width, 3, groups, init);
      }
      for (int j = 0; j < level; j++) {
        x = levelLayers.convGnRelu(head.maskFeatureConv(), prefix + ".conv" + j, x, j == 0 ? in : width, width, 3,
            groups, init);
        x = layers.resize(x, layers.tf().math.mul(layers.spatialSize(x), layers.tf().constant(2)));
      }
      sum = sum == null ? x : layers.tf().math.add(sum, x);
    }
    Operand<TFloat32> feature = layers.convGnRelu(head.maskFeatureConv(), "mask_feat_head.conv_pred.0", sum, width,
        head.kernelDim(), 1, groups, init);
    if (head.maskStride() == 2) {
      Operand<TFloat32> up = layers.resize(feature, layers.spatialSize(stem));
      Operand<TFloat32> skip = layers.conv("mask_feat_head.stem_skip", stem, stemChannels, head.kernelDim(), 1, 1,
          false, init);
      feature = layers.relu(layers.tf().math.add(up, skip));
    }
    return feature;
  }
}
