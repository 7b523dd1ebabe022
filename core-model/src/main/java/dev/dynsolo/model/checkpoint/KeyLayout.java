package dev.dynsolo.model.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * The two key layouts of published SOLOv2 checkpoints. This project's variable names are the
 * WXinlong/SOLO (mmdetection 1.x) keys; mmdetection 2.x/3.x renamed the head and mask-feature
 * modules without changing their maths.
 */
public enum KeyLayout {
  /** WXinlong/SOLO: {@code bbox_head.*}, {@code mask_feat_head.*}. */
  WXINLONG,
  /** mmdetection 2.x/3.x: everything under {@code mask_head.*}. */
  MMDETECTION;

  /** mmdetection prefix -> WXinlong prefix, longest first so the mask-feature head wins. */
  private static final List<Map.Entry<String, String>> MMDET_RENAMES = List.of(
      Map.entry("mask_head.mask_feature_head.conv_pred.", "mask_feat_head.conv_pred.0."),
      Map.entry("mask_head.mask_feature_head.", "mask_feat_head."),
      Map.entry("mask_head.cls_convs.", "bbox_head.cate_convs."),
      Map.entry("mask_head.kernel_convs.", "bbox_head.kernel_convs."),
      Map.entry("mask_head.conv_cls.", "bbox_head.solo_cate."),
      Map.entry("mask_head.conv_kernel.", "bbox_head.solo_kernel."));

  /** The layout of a checkpoint's keys: any {@code mask_head.} key means mmdetection 2.x/3.x. */
  public static KeyLayout of(Iterable<String> keys) {
    for (String key : keys) {
      if (key.startsWith("mask_head.")) {
        return MMDETECTION;
      }
    }
    return WXINLONG;
  }

  /** The key in this project's (WXinlong) naming; keys it does not know are returned unchanged. */
  public String canonical(String key) {
    if (this == MMDETECTION) {
      for (Map.Entry<String, String> rename : MMDET_RENAMES) {
        if (key.startsWith(rename.getKey())) {
          return rename.getValue() + key.substring(rename.getKey().length());
        }
      }
    }
    return key;
  }

  /** The inverse of {@link #canonical}, to name keys in this layout's own terms in messages. */
  public String original(String canonicalKey) {
    if (this == MMDETECTION) {
      for (Map.Entry<String, String> rename : MMDET_RENAMES) {
        if (canonicalKey.startsWith(rename.getValue())) {
          return rename.getKey() + canonicalKey.substring(rename.getValue().length());
        }
      }
    }
    return canonicalKey;
  }
}
