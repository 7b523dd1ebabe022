package dev.dynsolo.model.api;

import java.util.List;

/**
 * What a loaded model is: its preset, class names, input size, current thresholds and the
 * arithmetic it is served in.
 *
 * @param maxDetections padded number of detections per frame
 * @param precision what inference computes in: {@code fp32}; {@code bf16}, the bundle's bf16
 *     signature; or {@code bf16-rewrite}, TensorFlow's mixed-precision rewrite of the whole graph
 *     (bundles written before the bf16 signature existed)
 */
public record ModelInfo(
    String preset, List<String> classNames, int inputWidth, int inputHeight, int maxDetections,
    Thresholds thresholds, String precision) {

  public ModelInfo {
    classNames = List.copyOf(classNames);
  }
}
