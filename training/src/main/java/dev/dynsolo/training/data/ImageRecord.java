package dev.dynsolo.training.data;

import java.nio.file.Path;
import java.util.List;

/** An image of a dataset with its annotations. */
public record ImageRecord(long id, Path file, int width, int height, List<InstanceAnnotation> instances) {

  public ImageRecord {
    instances = List.copyOf(instances);
  }
}
