package dev.dynsolo.model.config;

/**
 * How a 3x3 convolution samples its input. The authors' strongest SOLOv2 models replace some 3x3
 * convolutions by deformable ones (DCN), which learn where to sample: a plain convolution reads the
 * fixed 3x3 grid; a deformable one shifts each of the nine taps by an offset predicted per output
 * position ({@code DCN}, Dai et al. 2017); a modulated one also weights each tap by a predicted
 * factor in (0, 1) ({@code DCNv2}, Zhu et al. 2019).
 */
public enum ConvKind {
  PLAIN(0),
  DEFORMABLE(2),
  MODULATED(3);

  private final int predictionsPerTap;

  ConvKind(int predictionsPerTap) {
    this.predictionsPerTap = predictionsPerTap;
  }

  /** Channels of the offset convolution for a k x k kernel: 2 (dy, dx) or 3 (dy, dx, weight) per tap. */
  public int offsetChannels(int kernelSize) {
    return predictionsPerTap * kernelSize * kernelSize;
  }

  public boolean deformable() {
    return this != PLAIN;
  }
}
