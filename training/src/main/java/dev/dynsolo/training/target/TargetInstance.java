package dev.dynsolo.training.target;

/**
 * An instance after augmentation, as target assignment needs it.
 *
 * @param classIndex contiguous class
 * @param coverage mask at the mask scale (1/maskStride of the input), row-major: the covered fraction of each cell,
 *     0..255 (read unsigned)
 */
public record TargetInstance(int classIndex, byte[] coverage) {

  /** The cells at least half covered: what the box, centre and scale of the instance come from. */
  public boolean covers(int cell) {
    return (coverage[cell] & 0xff) >= 128;
  }
}
