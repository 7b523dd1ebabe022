package dev.dynsolo.model.api;

import java.util.List;

/** Everything found in one frame, best first. */
public record Segmentation(int frameWidth, int frameHeight, List<Instance> instances) {

  public Segmentation {
    instances = List.copyOf(instances);
  }
}
