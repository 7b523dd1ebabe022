package dev.dynsolo.training.init;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.weights.WeightSet;
import java.util.List;

/**
 * A trained model to start a training from: its architecture, its weights in training form and
 * the classes it was trained on (empty when the source does not name them).
 */
public record InitialModel(ModelConfig config, WeightSet weights, List<String> classNames, String source) {

  public InitialModel {
    classNames = List.copyOf(classNames);
  }
}
