package dev.dynsolo.model.checkpoint;

import dev.dynsolo.model.weights.torch.TorchStorage;
import dev.dynsolo.model.weights.torch.TorchTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state-dict keys and shapes of the authors' SOLOv2 models at any width, written from their
 * module structure (WXinlong/SOLO: torchvision ResNet, FPN, SOLOv2Head, MaskFeatHead) as the
 * reference page describes it, not from this project's network. Values are zeros: these check
 * that full-size checkpoints import, not what they compute.
 */
final class AuthorsKeyList {
  private final Map<String, long[]> shapes = new LinkedHashMap<>();

  private AuthorsKeyList() {}

  /**
   * @param bottleneck ResNet-50/101 blocks (else ResNet-18/34 basic blocks)
   * @param blocks blocks per stage
   */
  static Map<String, long[]> solov2(boolean bottleneck, int[] blocks, int fpn, int convs, int width, int e,
      int maskWidth, int classes) {
    return solov2(bottleneck, blocks, fpn, convs, width, e, maskWidth, classes, 0, new int[convs], 0);
  }

  /**
   * With deformable convolutions as mmdetection builds them (DeformConvPack / ModulatedDeformConvPack:
   * the conv's weight plus {@code conv_offset.weight} [predictions, in, k, k] and its bias).
   *
   * @param stageOffsets predictions per position of the 3x3 convs of stages 2-4 (0: plain, 18: DCN, 27: DCNv2)
   * @param towerOffsets the same per head layer, for both branches
   * @param maskOffsets predictions per tap of every mask-feature conv (0: plain, 3: DCNv2)
   */
  static Map<String, long[]> solov2(boolean bottleneck, int[] blocks, int fpn, int convs, int width, int e,
      int maskWidth, int classes, int stageOffsets, int[] towerOffsets, int maskOffsets) {
    return solov2(bottleneck, blocks, fpn, convs, width, e, maskWidth, classes, stageOffsets, towerOffsets, maskOffsets,
        1, 0);
  }

  /**
   * With a ResNeXt backbone as mmdetection's ResNeXt builds it: each bottleneck's 1x1 and grouped
   * 3x3 convolutions are floor(planes * groupWidth / 64) * cardinality wide.
   */
  static Map<String, long[]> solov2(boolean bottleneck, int[] blocks, int fpn, int convs, int width, int e,
      int maskWidth, int classes, int stageOffsets, int[] towerOffsets, int maskOffsets, int cardinality,
      int groupWidth) {
    AuthorsKeyList k = new AuthorsKeyList();
    k.conv("backbone.conv1", 64, 3, 7);
    k.bn("backbone.bn1", 64);
    int in = 64;
    int expansion = bottleneck ? 4 : 1;
    int[] stageOut = new int[4];
    for (int s = 0; s < 4; s++) {
      int planes = 64 << s;
      for (int b = 0; b < blocks[s]; b++) {
        String p = "backbone.layer" + (s + 1) + "." + b;
        if (bottleneck) {
          int inner = cardinality == 1 ? planes : planes * groupWidth / 64 * cardinality;
          k.conv(p + ".conv1", inner, in, 1);
          k.bn(p + ".bn1", inner);
          k.shapes.put(p + ".conv2.weight", new long[] {inner, inner / cardinality, 3, 3});
          k.offsets(p + ".conv2", s > 0 ? stageOffsets : 0, inner, 3);
          k.bn(p + ".bn2", inner);
          k.conv(p + ".conv3", planes * 4, inner, 1);
          k.bn(p + ".bn3", planes * 4);
        } else {
          k.conv(p + ".conv1", planes, in, 3);
          k.bn(p + ".bn1", planes);
          k.conv(p + ".conv2", planes, planes, 3);
          k.bn(p + ".bn2", planes);
        }
        if (b == 0 && (s > 0 || in != planes * expansion)) {
          k.conv(p + ".downsample.0", planes * expansion, in, 1);
          k.bn(p + ".downsample.1", planes * expansion);
        }
        in = planes * expansion;
      }
      stageOut[s] = in;
    }
    for (int i = 0; i < 4; i++) {
      k.convBias("neck.lateral_convs." + i + ".conv", fpn, stageOut[i], 1);
    }
    for (int i = 0; i < 4; i++) {
      k.convBias("neck.fpn_convs." + i + ".conv", fpn, fpn, 3);
    }
    for (int level = 0; level < 4; level++) {
      for (int j = 0; j < Math.max(1, level); j++) {
        String p = "mask_feat_head.convs_all_levels." + level + ".conv" + j;
        k.conv(p + ".conv", maskWidth, j == 0 ? fpn + (level == 3 ? 2 : 0) : maskWidth, 3);
        k.offsets(p + ".conv", 9 * maskOffsets, j == 0 ? fpn + (level == 3 ? 2 : 0) : maskWidth, 3);
        k.gn(p + ".gn", maskWidth);
      }
    }
    k.conv("mask_feat_head.conv_pred.0.conv", e, maskWidth, 1);
    k.offsets("mask_feat_head.conv_pred.0.conv", maskOffsets, maskWidth, 1);
    k.gn("mask_feat_head.conv_pred.0.gn", e);
    for (int i = 0; i < convs; i++) {
      k.conv("bbox_head.kernel_convs." + i + ".conv", width, i == 0 ? fpn + 2 : width, 3);
      k.offsets("bbox_head.kernel_convs." + i + ".conv", towerOffsets[i], i == 0 ? fpn + 2 : width, 3);
      k.gn("bbox_head.kernel_convs." + i + ".gn", width);
    }
    for (int i = 0; i < convs; i++) {
      k.conv("bbox_head.cate_convs." + i + ".conv", width, i == 0 ? fpn : width, 3);
      k.offsets("bbox_head.cate_convs." + i + ".conv", towerOffsets[i], i == 0 ? fpn : width, 3);
      k.gn("bbox_head.cate_convs." + i + ".gn", width);
    }
    k.convBias("bbox_head.solo_cate", classes, width, 3);
    k.convBias("bbox_head.solo_kernel", e, width, 3);
    return k.shapes;
  }

  /** Learnable parameters (what the reference page counts: no running statistics or counters). */
  static long parameters(Map<String, long[]> shapes) {
    long n = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      if (e.getKey().endsWith("running_mean") || e.getKey().endsWith("running_var")
          || e.getKey().endsWith("num_batches_tracked")) {
        continue;
      }
      n += numel(e.getValue());
    }
    return n;
  }

  /** Zero tensors of these shapes sharing one storage, as a state dict. */
  static Map<String, TorchTensor> zeros(Map<String, long[]> shapes) {
    long largest = shapes.values().stream().mapToLong(AuthorsKeyList::numel).max().orElse(1);
    TorchStorage storage = TorchStorage.ofFloats("0", new float[(int) largest]);
    Map<String, TorchTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long[] shape = e.getValue();
      long[] stride = new long[shape.length];
      long step = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        stride[d] = step;
        step *= shape[d];
      }
      out.put(e.getKey(), new TorchTensor(storage, 0, shape, stride));
    }
    return out;
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private void conv(String name, int out, int in, int k) {
    shapes.put(name + ".weight", new long[] {out, in, k, k});
  }

  private void offsets(String conv, int predictions, int in, int k) {
    if (predictions > 0) {
      convBias(conv + ".conv_offset", predictions, in, k);
    }
  }

  private void convBias(String name, int out, int in, int k) {
    conv(name, out, in, k);
    shapes.put(name + ".bias", new long[] {out});
  }

  private void bn(String name, int c) {
    for (String s : new String[] {"weight", "bias", "running_mean", "running_var"}) {
      shapes.put(name + "." + s, new long[] {c});
    }
    shapes.put(name + ".num_batches_tracked", new long[0]);
  }

  private void gn(String name, int c) {
    shapes.put(name + ".weight", new long[] {c});
    shapes.put(name + ".bias", new long[] {c});
  }
}
