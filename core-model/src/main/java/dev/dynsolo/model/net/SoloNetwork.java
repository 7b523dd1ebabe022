package dev.dynsolo.model.net;

import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Builds the whole SOLOv2 network (backbone, FPN, shared head, mask feature) on normalised NHWC
 * images. The head sees P2 resized x0.5 and P6 resized to P5's size, as in the reference code.
 */
public final class SoloNetwork {
  private SoloNetwork() {}

  public static SoloOutputs build(Layers layers, ModelConfig config, Operand<TFloat32> normalisedImages) {
    ResNet resnet = new ResNet(layers, config.backbone());
    BackboneFeatures backbone = resnet.build(normalisedImages);
    List<Integer> stageChannels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      stageChannels.add(config.backbone().stageChannels(i));
    }
    List<Operand<TFloat32>> pyramid = new Fpn(layers, config.fpnChannels()).build(backbone.computedStages(),
        stageChannels);

    SoloHead head = new SoloHead(layers, config.head(), config.fpnChannels(), config.numClasses());
    List<Operand<TFloat32>> logits = new ArrayList<>();
    List<Operand<TFloat32>> kernels = new ArrayList<>();
    for (LevelConfig level : config.levels()) {
      List<Operand<TFloat32>> out = head.apply(headInput(layers, pyramid, level.fpnLevel()), level.grid());
      logits.add(out.get(0));
      kernels.add(out.get(1));
    }
    // In a bf16 graph the mask branch's per-level 3x3 convolutions (a third of a light model's
    // time in float32) multiply in bfloat16 like the FPN that feeds them; its last 1x1
    // convolution, whose output meets every kernel, and the stem skip stay float32.
    Layers finalLayers = layers.bf16() ? layers.withFloat32Convolutions() : layers;
    Operand<TFloat32> maskFeatures = new MaskFeatureBranch(layers, finalLayers, config.head(), config.fpnChannels())
        .apply(pyramid, backbone.stem(), config.backbone().baseWidth());
    return new SoloOutputs(logits, kernels, maskFeatures, pyramid);
  }

  private static Operand<TFloat32> headInput(Layers layers, List<Operand<TFloat32>> pyramid, int fpnLevel) {
    Operand<TFloat32> feature = pyramid.get(fpnLevel - 2);
    if (fpnLevel == 2) {
      return layers.resize(feature, layers.spatialSize(pyramid.get(1)));
    }
    if (fpnLevel == 6) {
      return layers.resize(feature, layers.spatialSize(pyramid.get(3)));
    }
    return feature;
  }
}
