package dev.dynsolo.model.net;

import dev.dynsolo.model.config.HeadConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The SOLOv2 head, one set of weights shared by every level: a kernel branch (with coordinate
 * channels) predicting E-dimensional dynamic kernels and a category branch predicting C class
 * logits, both on an S x S grid resized from the level's feature.
 */
final class SoloHead {
  private final Layers layers;
  private final HeadConfig head;
  private final int inChannels;
  private final int numClasses;

  SoloHead(Layers layers, HeadConfig head, int inChannels, int numClasses) {
    this.layers = layers;
    this.head = head;
    this.inChannels = inChannels;
    this.numClasses = numClasses;
  }

  /** Returns {category logits [B,S,S,C], kernels [B,S,S,E]} for one level's feature. */
  List<Operand<TFloat32>> apply(Operand<TFloat32> feature, int grid) {
    Operand<TFloat32> categoryFeature = layers.resize(feature, grid, grid);
    Operand<TFloat32> coords = layers.resize(layers.coordinates(feature), grid, grid);
    Operand<TFloat32> kernelFeature = layers.tf().concat(List.of(categoryFeature, coords), layers.tf().constant(3));

    Init init = Init.normal(0.01f);
    int in = inChannels + 2;
    for (int i = 0; i < head.convs(); i++) {
      kernelFeature = layers.convGnRelu(head.towerConvs().get(i), "bbox_head.kernel_convs." + i, kernelFeature, in,
          head.channels(), 3,
          head.groupNormGroups(), init);
      in = head.channels();
    }
    Operand<TFloat32> kernels = layers.conv("bbox_head.solo_kernel", kernelFeature, head.channels(), head.kernelDim(),
        3, 1, true, init);

    in = inChannels;
    for (int i = 0; i < head.convs(); i++) {
      categoryFeature = layers.convGnRelu(head.towerConvs().get(i), "bbox_head.cate_convs." + i, categoryFeature, in,
          head.channels(), 3,
          head.groupNormGroups(), init);
      in = head.channels();
    }
    float prior = (float) -Math.log((1 - head.categoryPrior()) / head.categoryPrior());
    Operand<TFloat32> logits = layers.convWithBias("bbox_head.solo_cate", categoryFeature, head.channels(), numClasses,
        3, init, prior);
    return List.of(logits, kernels);
  }
}
