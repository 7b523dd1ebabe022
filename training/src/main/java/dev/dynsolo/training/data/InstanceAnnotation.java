package dev.dynsolo.training.data;

import dev.dynsolo.model.api.Rle;

/**
 * One labelled object.
 *
 * @param id the annotation id in the source file (for messages and evaluation)
 * @param classIndex contiguous class index
 * @param crowd a crowd region: ignored for targets, matched as "ignore" by evaluation
 * @param mask the mask at image size
 */
public record InstanceAnnotation(long id, int classIndex, boolean crowd, Rle mask) {}
