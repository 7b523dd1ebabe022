package dev.dynsolo.training.target;

/**
 * The memory-lean SOLOv2 targets of one image: a category label per grid cell (all levels
 * concatenated), and per positive cell the index of its instance, whose mask is stored once at
 * the mask scale (1/maskStride). Kernels and masks are gathered at the positives in the graph.
 *
 * @param labels per cell: 0 background, c + 1 for class c
 * @param positiveCells cell index of every positive
 * @param positiveInstances instance index (into {@code masks}) of every positive
 * @param masks instance masks, {@code instances x maskHeight x maskWidth} bytes of covered
 *     fraction 0..255 (unsigned)
 * @param instances number of instances in {@code masks}
 */
public record ImageTargets(int[] labels, int[] positiveCells, int[] positiveInstances, byte[] masks, int instances) {

  /** Bytes held, to check the memory goal (<= 1 MB per 512x512 image). */
  public long sizeInBytes() {
    return 4L * labels.length + 4L * positiveCells.length + 4L * positiveInstances.length + masks.length;
  }
}
