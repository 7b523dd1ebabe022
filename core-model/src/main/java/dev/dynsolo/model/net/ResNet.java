package dev.dynsolo.model.net;

import dev.dynsolo.model.config.BackboneConfig;
import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.BlockType;
import dev.dynsolo.model.config.ConvKind;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/** ResNet (PyTorch style: stride on the 3x3 conv) returning its stem and C2..C5. Names follow torchvision. */
final class ResNet {
  private final Layers layers;
  private final BackboneConfig config;

  ResNet(Layers layers, BackboneConfig config) {
    this.layers = layers;
    this.config = config;
  }

  /**
   * With bfloat16 convolutions and a BatchNorm backbone (folded into the convs), activations stay
   * bfloat16 from the input cast to the stage outputs; otherwise float32 (a group-norm backbone
   * normalises in float32, so only its convolutions multiply in bfloat16).
   */
  BackboneFeatures build(Operand<TFloat32> images) {
    if (layers.bf16() && config.norm() != BackboneNorm.GROUP_NORM) {
      return buildIn(layers.as(images, layers.activationType()));
    }
    return buildIn(images);
  }

  private <T extends TNumber> BackboneFeatures buildIn(Operand<T> images) {
    int width = config.baseWidth();
    Operand<T> stem = layers.relu(convNorm("backbone.conv1", "backbone.bn1", images, 3, width, 7, 2, 1f));
    Operand<T> x = layers.tf().pad(stem, layers.tf().constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}),
        layers.zero(stem.type()));
    x = layers.maxPool(x, 3, 2); // post-ReLU values are >= 0, so zero padding acts as -inf padding
    List<Operand<TFloat32>> stages = new ArrayList<>();
    List<Operand<? extends TNumber>> computed = new ArrayList<>();
    int in = width;
    for (int stage = 0; stage < 4; stage++) {
      int planes = width << stage;
      for (int block = 0; block < config.blocksPerStage().get(stage); block++) {
        int stride = (block == 0 && stage > 0) ? 2 : 1;
        String name = "backbone.layer" + (stage + 1) + "." + block;
        ConvKind kind = config.stageConvs().get(stage);
        x = config.blockType() == BlockType.BOTTLENECK
            ? bottleneck(name, x, in, config.bottleneckWidth(stage), planes * 4, stride, kind)
            : basic(name, x, in, planes, stride, kind);
        in = planes * config.blockType().expansion();
      }
      stages.add(layers.as(x, TFloat32.class));
      computed.add(x);
    }
    return new BackboneFeatures(layers.as(stem, TFloat32.class), stages, computed);
  }

  /** A basic block; a deformable stage deforms its first (strided) 3x3 convolution. */
  private <T extends TNumber> Operand<T> basic(String name, Operand<T> x, int in, int planes, int stride,
      ConvKind kind) {
    Operand<T> y = layers.relu(convNorm(kind, 1, name + ".conv1", name + ".bn1", x, in, planes, 3, stride, 1f));
    y = convNorm(name + ".conv2", name + ".bn2", y, planes, planes, 3, 1, 0f);
    return layers.relu(layers.tf().math.add(y, shortcut(name, x, in, planes, stride)));
  }

  /**
   * A bottleneck block of the given inner width (the planes, or a ResNeXt's grouped width); a
   * deformable stage deforms its 3x3 convolution, as the authors' DCN ResNets do.
   */
  private <T extends TNumber> Operand<T> bottleneck(String name, Operand<T> x, int in, int width, int out, int stride,
      ConvKind kind) {
    Operand<T> y = layers.relu(convNorm(name + ".conv1", name + ".bn1", x, in, width, 1, 1, 1f));
    y = layers.relu(convNorm(kind, config.cardinality(), name + ".conv2", name + ".bn2", y, width, width, 3, stride,
        1f));
    y = convNorm(name + ".conv3", name + ".bn3", y, width, out, 1, 1, 0f);
    return layers.relu(layers.tf().math.add(y, shortcut(name, x, in, out, stride)));
  }

  private <T extends TNumber> Operand<T> shortcut(String name, Operand<T> x, int in, int out, int stride) {
    if (stride == 1 && in == out) {
      return x;
    }
    return convNorm(name + ".downsample.0", name + ".downsample.1", x, in, out, 1, stride, 1f);
  }

  /**
   * Conv + norm. The last norm of a residual branch starts at gamma 0 (zero-init residual), which
   * only matters when training from scratch; imported weights overwrite it.
   */
  private <T extends TNumber> Operand<T> convNorm(
      String convName, String normName, Operand<T> x, int in, int out, int k, int stride, float gammaInit) {
    return convNorm(ConvKind.PLAIN, 1, convName, normName, x, in, out, k, stride, gammaInit);
  }

  private <T extends TNumber> Operand<T> convNorm(ConvKind kind, int groups,
      String convName, String normName, Operand<T> x, int in, int out, int k, int stride, float gammaInit) {
    if (config.norm() == BackboneNorm.GROUP_NORM) {
      Operand<TFloat32> y = layers.convIn(kind, groups, convName, layers.as(x, TFloat32.class), in, out, k, stride,
          false, Init.heNormal());
      return layers.as(layers.groupNorm(normName, y, out, config.groupNormGroups(), gammaInit), x.type());
    }
    return layers.convFrozenBnIn(kind, groups, convName, normName, x, in, out, k, stride, gammaInit);
  }
}
