package dev.dynsolo.model.config;

/** ResNet residual block: two 3x3 convs (ResNet-18/34) or 1x1-3x3-1x1 with 4x expansion (50/101). */
public enum BlockType {
  BASIC(1),
  BOTTLENECK(4);

  private final int expansion;

  BlockType(int expansion) {
    this.expansion = expansion;
  }

  /** Output channels of a stage divided by its base width. */
  public int expansion() {
    return expansion;
  }
}
