package dev.dynsolo.model.bundle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dynsolo.model.config.HeadConfig;
import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.PostProcessConfig;
import java.util.List;

/**
 * {@code model.json}, the small description that travels with the SavedModel: what the classes
 * are called, how inputs are sized and normalised, the default thresholds, and (for bundles made
 * here) the full model config so training can rebuild the network.
 *
 * @param formatVersion bundle format; readers refuse versions they do not know
 * @param preset the preset name
 * @param classNames class names, index = class id in the outputs
 * @param input input size and normalisation
 * @param postProcess default post-processing settings
 * @param model the full model config, absent for bundles produced elsewhere
 * @param description free text (how the model was made)
 * @param categoryIds the dataset category id of each class (COCO ids for the authors' COCO
 *     models), written into COCO results files; absent when ids are simply 1..C
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
    int formatVersion, String preset, List<String> classNames, InputConfig input,
    PostProcessConfig postProcess, ModelConfig model, String description, List<Integer> categoryIds) {

  public static final int FORMAT_VERSION = 1;

  public static ModelCard of(ModelConfig config, List<String> classNames, String description) {
    return of(config, classNames, description, null);
  }

  /** A card with dataset category ids, one per class (null for none). */
  public static ModelCard of(ModelConfig config, List<String> classNames, String description,
      List<Integer> categoryIds) {
    if (classNames.size() != config.numClasses()) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for a model with " + config.numClasses() + " classes");
    }
    if (categoryIds != null && categoryIds.size() != classNames.size()) {
      throw new IllegalArgumentException(categoryIds.size() + " category ids for " + classNames.size() + " classes");
    }
    return new ModelCard(FORMAT_VERSION, config.preset(), List.copyOf(classNames), config.input(),
        config.postProcess(), config, description, categoryIds == null ? null : List.copyOf(categoryIds));
  }

  /** The dataset category id of class {@code index}: from the card, else {@code index + 1}. */
  public int categoryId(int index) {
    return categoryIds != null ? categoryIds.get(index) : index + 1;
  }

  /** Input pixels per mask pixel; bundles without a model config follow the paper (4). */
  @JsonIgnore
  public int maskStride() {
    return model == null ? HeadConfig.PAPER_MASK_STRIDE : model.head().maskStride();
  }
}
