package dev.dynsolo.training.target;

/**
 * An instance after augmentation, as target assignment needs it.
 *
 * @param classIndex contiguous class
 * @param mask mask at 1/4 of the input size, row-major
 */
public record TargetInstance(int classIndex, boolean[] mask) {}
