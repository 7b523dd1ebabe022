package dev.dynsolo.model.api;

import java.util.List;

/**
 * What a loaded model is: its preset, class names, input size and current thresholds.
 *
 * @param maxDetections padded number of detections per frame
 */
public record ModelInfo(
    String preset, List<String> classNames, int inputWidth, int inputHeight, int maxDetections,
    Thresholds thresholds) {

  public ModelInfo {
    classNames = List.copyOf(classNames);
  }
}
