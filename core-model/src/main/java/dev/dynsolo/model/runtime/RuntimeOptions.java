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
 */
public record RuntimeOptions(int intraOpThreads, int interOpThreads, CpuMode cpuMode, String device) {

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
  }

  /**
   * All cores, the CPU mode the launcher selected ({@code SOLO_CPU_MODE}) and the device named by
   * {@code SOLO_DEVICE} ({@code cpu} when unset; the GPU image sets {@code gpu}).
   */
  public static RuntimeOptions defaults() {
    String mode = System.getenv("SOLO_CPU_MODE");
    String device = System.getenv("SOLO_DEVICE");
    return new RuntimeOptions(0, 0, mode == null ? CpuMode.DEFAULT : CpuMode.parse(mode),
        device == null || device.isBlank() ? "cpu" : device);
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
    } else {
      config.putDeviceCount("GPU", 0);
    }
    return config.build();
  }
}
