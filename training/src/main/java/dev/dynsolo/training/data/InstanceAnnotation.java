package dev.dynsolo.training.data;

import dev.dynsolo.model.api.Rle;

/**
 * One labelled object.
 *
 * @param id the annotation id in the source file (for messages and evaluation)
 * @param classIndex contiguous class index
 * @param crowd a crowd region: ignored for targets, matched as "ignore" by evaluation
 * @param mask the mask at image size
 * @param area the area evaluation sorts it by (small, medium, large): a COCO file's own
 *     {@code area} field where it has one, as pycocotools uses it, else the mask's pixel count
 */
public record InstanceAnnotation(long id, int classIndex, boolean crowd, Rle mask, double area) {

  /** An annotation whose area is its mask's pixel count. */
  public InstanceAnnotation(long id, int classIndex, boolean crowd, Rle mask) {
    this(id, classIndex, crowd, mask, mask.area());
  }
}
