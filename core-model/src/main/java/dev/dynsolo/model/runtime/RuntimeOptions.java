package dev.dynsolo.model.runtime;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Settings for the TensorFlow session that runs a model.
 *
 * @param intraOpThreads threads inside one op (0 = TensorFlow's choice, all cores)
 * @param interOpThreads ops run concurrently (0 = TensorFlow's choice)
 * @param cpuMode the CPU execution mode
 * @param device {@code cpu}, or {@code gpu} / {@code gpu:N} for a CUDA device
 * @param precision float32, or bfloat16 convolutions (oneDNN mixed precision) where the CPU has
 *     bfloat16 instructions
 */
public record RuntimeOptions(int intraOpThreads, int interOpThreads, CpuMode cpuMode, String device,
    Precision precision) {

  /** Float32 options. */
  public RuntimeOptions(int intraOpThreads, int interOpThreads, CpuMode cpuMode, String device) {
    this(intraOpThreads, interOpThreads, cpuMode, device, Precision.FP32);
  }

  public RuntimeOptions {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("runtime.intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("runtime.interOpThreads must be >= 0, got " + interOpThreads);
    }
    if (cpuMode == null) {
      throw new IllegalArgumentException("runtime.cpuMode is required");
    }
    if (device == null || !device.matches("cpu|gpu(:\\d+)?")) {
      throw new IllegalArgumentException("runtime.device must be cpu, gpu or gpu:N, got " + device);
    }
    if (precision == null) {
      throw new IllegalArgumentException("runtime.precision must be auto, fp32 or bf16");
    }
  }

  /**
   * All cores, the CPU mode the launcher selected ({@code SOLO_CPU_MODE}), the device named by
   * {@code SOLO_DEVICE} ({@code cpu} when unset; the GPU image sets {@code gpu}) and the precision
   * named by {@code SOLO_PRECISION} (fp32 when unset).
   */
  public static RuntimeOptions defaults() {
    String mode = System.getenv("SOLO_CPU_MODE");
    String device = System.getenv("SOLO_DEVICE");
    String precision = System.getenv("SOLO_PRECISION");
    return new RuntimeOptions(0, 0, mode == null ? CpuMode.DEFAULT : CpuMode.parse(mode),
        device == null || device.isBlank() ? "cpu" : device,
        precision == null || precision.isBlank() ? Precision.FP32 : Precision.parse(precision, "SOLO_PRECISION"));
  }

  public RuntimeOptions withPrecision(Precision newPrecision) {
    return new RuntimeOptions(intraOpThreads, interOpThreads, cpuMode, device, newPrecision);
  }

  public boolean usesGpu() {
    return device.startsWith("gpu");
  }

  /** The session config for these options. */
  public ConfigProto toConfigProto() {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setAllowSoftPlacement(true);
    if (usesGpu()) {
      String index = device.contains(":") ? device.substring(device.indexOf(':') + 1) : "0";
      config.setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(index).setAllowGrowth(true));
      return config.build();
    }
    config.putDeviceCount("GPU", 0);
    return precision.apply(config.build());
  }
}
