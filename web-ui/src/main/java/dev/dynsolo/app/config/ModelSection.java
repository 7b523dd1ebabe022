package dev.dynsolo.app.config;

/**
 * {@code model:} which bundle to serve, on which device, and optional threshold overrides.
 *
 * @param bundle the model bundle directory
 * @param device cpu, gpu or gpu:N; empty = {@code SOLO_DEVICE}, else cpu
 * @param threads TensorFlow intra-op threads (0 = all cores)
 * @param precision auto, fp32 or bf16 (bfloat16 convolutions where the CPU has the instructions)
 * @param thresholds overrides of the bundle's thresholds; absent keys keep the bundle's
 */
public record ModelSection(String bundle, String device, int threads, String precision, ThresholdSection thresholds) {

  /** Session options: the launcher's CPU mode, these threads, and this device or {@code SOLO_DEVICE}'s. */
  public dev.dynsolo.model.runtime.RuntimeOptions runtime() {
    var defaults = dev.dynsolo.model.runtime.RuntimeOptions.defaults();
    return new dev.dynsolo.model.runtime.RuntimeOptions(threads, 0, defaults.cpuMode(),
        device.isEmpty() ? defaults.device() : device,
        dev.dynsolo.model.runtime.Precision.parse(precision, "model.precision"));
  }

  public ModelSection {
    if (bundle == null || bundle.isBlank()) {
      throw new IllegalArgumentException("model.bundle is required");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("model.threads must be >= 0, got " + threads);
    }
    device = device == null ? "" : device;
    if (!device.isEmpty() && !device.matches("cpu|gpu(:\\d+)?")) {
      throw new IllegalArgumentException("model.device must be cpu, gpu or gpu:N, got " + device);
    }
    precision = precision == null ? "fp32" : precision;
    dev.dynsolo.model.runtime.Precision.parse(precision, "model.precision");
    if (thresholds == null) {
      thresholds = new ThresholdSection(null, null, null, null, null);
    }
  }
}
