package dev.dynsolo.model.checkpoint;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.weights.WeightSet;
import java.util.List;

/**
 * A checkpoint turned into this project's terms: the model it is, its weights in training form
 * (convolutions HWIO, BatchNorm separate), class names and, for COCO models, COCO category ids.
 *
 * @param categoryIds the dataset id of each class, or null when the classes are not COCO's
 * @param layout the key layout the file used
 */
public record ImportedModel(
    ModelConfig config, WeightSet weights, List<String> classNames, List<Integer> categoryIds, KeyLayout layout) {

  public ImportedModel {
    classNames = List.copyOf(classNames);
    categoryIds = categoryIds == null ? null : List.copyOf(categoryIds);
  }
}
