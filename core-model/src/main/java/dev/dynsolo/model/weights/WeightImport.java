package dev.dynsolo.model.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps a PyTorch state dict (the authors' SOLOv2 checkpoint, or a torchvision ResNet for the
 * backbone) onto this project's variables. The variable names are the checkpoint keys, so the
 * table is the identity up to a prefix ({@code backbone.} for a bare ResNet); 4-D conv weights are
 * transposed from PyTorch's OIHW to TensorFlow's HWIO.
 */
public final class WeightImport {

  /** What an import did. */
  public record Report(List<String> imported, List<String> missing, List<String> mismatched) {}

  private WeightImport() {}

  /**
   * Replaces values in {@code target} (training form) with those in {@code source} whose key,
   * after {@code prefix} is put in front, names a variable of the same shape.
   *
   * @param onlyPrefix import only variables starting with this (e.g. {@code backbone.}); "" for all
   */
  public static Report apply(WeightSet target, Map<String, WeightTensor> source, String prefix, String onlyPrefix) {
    List<String> imported = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (String name : target.names()) {
      if (!name.startsWith(onlyPrefix)) {
        continue;
      }
      String key = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
      WeightTensor value = key == null ? null : source.get(key);
      if (value == null) {
        missing.add(name);
        continue;
      }
      WeightTensor converted = value.shape().length == 4 ? oihwToHwio(value) : value;
      if (!java.util.Arrays.equals(converted.shape(), target.get(name).shape())) {
        mismatched.add(name + " " + java.util.Arrays.toString(converted.shape()) + " vs "
            + java.util.Arrays.toString(target.get(name).shape()));
        continue;
      }
      target.put(name, converted);
      imported.add(name);
    }
    return new Report(imported, missing, mismatched);
  }

  /** [O, I, H, W] row-major to [H, W, I, O] row-major. */
  public static WeightTensor oihwToHwio(WeightTensor t) {
    long[] s = t.shape();
    int o = (int) s[0];
    int in = (int) s[1];
    int h = (int) s[2];
    int w = (int) s[3];
    float[] src = t.values();
    float[] dst = new float[src.length];
    for (int a = 0; a < o; a++) {
      for (int b = 0; b < in; b++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            dst[((y * w + x) * in + b) * o + a] = src[((a * in + b) * h + y) * w + x];
          }
        }
      }
    }
    return new WeightTensor(new long[] {h, w, in, o}, dst);
  }
}
