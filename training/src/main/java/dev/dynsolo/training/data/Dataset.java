package dev.dynsolo.training.data;

import java.util.List;

/**
 * Images with instance annotations and their classes.
 *
 * @param classNames contiguous class names
 * @param categoryIds the source category id of each class (COCO ids are not contiguous)
 * @param images the images
 * @param skipped problems skipped under {@link BadAnnotationPolicy#SKIP}, one line each
 */
public record Dataset(List<String> classNames, List<Long> categoryIds, List<ImageRecord> images, List<String> skipped) {

  public Dataset {
    classNames = List.copyOf(classNames);
    categoryIds = List.copyOf(categoryIds);
    images = List.copyOf(images);
    skipped = List.copyOf(skipped);
  }

  public int instanceCount() {
    return images.stream().mapToInt(i -> i.instances().size()).sum();
  }
}
