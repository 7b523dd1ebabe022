package dev.dynsolo.model.net;

import dev.dynsolo.model.config.BackboneConfig;
import dev.dynsolo.model.config.BackboneNorm;
import dev.dynsolo.model.config.BlockType;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** ResNet (PyTorch style: stride on the 3x3 conv) returning its stem and C2..C5. Names follow torchvision. */
final class ResNet {
  private final Layers layers;
  private final BackboneConfig config;

  ResNet(Layers layers, BackboneConfig config) {
    this.layers = layers;
    this.config = config;
  }

  BackboneFeatures build(Operand<TFloat32> images) {
    int width = config.baseWidth();
    Operand<TFloat32> stem = layers.relu(convNorm("backbone.conv1", "backbone.bn1", images, 3, width, 7, 2, 1f));
    Operand<TFloat32> x = layers.tf().pad(stem, layers.tf().constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), layers.tf().constant(0f));
    x = layers.maxPool(x, 3, 2); // post-ReLU values are >= 0, so zero padding acts as -inf padding
    List<Operand<TFloat32>> stages = new ArrayList<>();
    int in = width;
    for (int stage = 0; stage < 4; stage++) {
      int planes = width << stage;
      for (int block = 0; block < config.blocksPerStage().get(stage); block++) {
        int stride = (block == 0 && stage > 0) ? 2 : 1;
        String name = "backbone.layer" + (stage + 1) + "." + block;
        x = config.blockType() == BlockType.BOTTLENECK
            ? bottleneck(name, x, in, planes, stride)
            : basic(name, x, in, planes, stride);
        in = planes * config.blockType().expansion();
      }
      stages.add(x);
    }
    return new BackboneFeatures(stem, stages);
  }

  private Operand<TFloat32> basic(String name, Operand<TFloat32> x, int in, int planes, int stride) {
    Operand<TFloat32> y = layers.relu(convNorm(name + ".conv1", name + ".bn1", x, in, planes, 3, stride, 1f));
    y = convNorm(name + ".conv2", name + ".bn2", y, planes, planes, 3, 1, 0f);
    return layers.relu(layers.tf().math.add(y, shortcut(name, x, in, planes, stride)));
  }

  private Operand<TFloat32> bottleneck(String name, Operand<TFloat32> x, int in, int planes, int stride) {
    int out = planes * 4;
    Operand<TFloat32> y = layers.relu(convNorm(name + ".conv1", name + ".bn1", x, in, planes, 1, 1, 1f));
    y = layers.relu(convNorm(name + ".conv2", name + ".bn2", y, planes, planes, 3, stride, 1f));
    y = convNorm(name + ".conv3", name + ".bn3", y, planes, out, 1, 1, 0f);
    return layers.relu(layers.tf().math.add(y, shortcut(name, x, in, out, stride)));
  }

  private Operand<TFloat32> shortcut(String name, Operand<TFloat32> x, int in, int out, int stride) {
    if (stride == 1 && in == out) {
      return x;
    }
    return convNorm(name + ".downsample.0", name + ".downsample.1", x, in, out, 1, stride, 1f);
  }

  /**
   * Conv + norm. The last norm of a residual branch starts at gamma 0 (zero-init residual), which
   * only matters when training from scratch; imported weights overwrite it.
   */
  private Operand<TFloat32> convNorm(
      String convName, String normName, Operand<TFloat32> x, int in, int out, int k, int stride, float gammaInit) {
    if (config.norm() == BackboneNorm.GROUP_NORM) {
      Operand<TFloat32> y = layers.conv(convName, x, in, out, k, stride, false, Init.heNormal());
      return layers.groupNorm(normName, y, out, config.groupNormGroups(), gammaInit);
    }
    return layers.convFrozenBn(convName, normName, x, in, out, k, stride, gammaInit);
  }
}
