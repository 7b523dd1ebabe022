package dev.dynsolo.model.graph;

/** Names of the serving signature's inputs and outputs (the model contract in DESIGN.md). */
public final class SignatureNames {
  public static final String IMAGES = "images";
  public static final String SCORE_THRESHOLD = "score_threshold";
  public static final String MASK_THRESHOLD = "mask_threshold";
  public static final String UPDATE_THRESHOLD = "update_threshold";
  public static final String NMS_SIGMA = "nms_sigma";
  public static final String NMS_LINEAR = "nms_linear";

  public static final String SCORES = "scores";
  public static final String CLASSES = "classes";
  public static final String MASKS = "masks";
  public static final String COUNT = "count";

  private SignatureNames() {}
}
