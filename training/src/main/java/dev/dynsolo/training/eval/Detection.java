package dev.dynsolo.training.eval;

import dev.dynsolo.model.api.Rle;

/** A predicted instance for evaluation: image, contiguous class, score and mask at image size. */
public record Detection(long imageId, int classIndex, float score, Rle mask) {}
