package dev.dynsolo.app.config;

import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.config.NmsKernel;
import java.util.Locale;

/**
 * {@code model.thresholds:} run-time post-processing settings; a null keeps the bundle's value.
 * Also the body of {@code PUT /api/model/thresholds}.
 */
public record ThresholdSection(Float score, Float mask, Float update, String kernel, Float sigma) {

  /** The bundle's thresholds with these values applied (validated, naming the bad setting). */
  public Thresholds over(Thresholds base) {
    NmsKernel k = base.kernel();
    if (kernel != null) {
      try {
        k = NmsKernel.valueOf(kernel.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("thresholds.kernel must be gaussian or linear, got " + kernel);
      }
    }
    return new Thresholds(score == null ? base.score() : score, mask == null ? base.mask() : mask,
        update == null ? base.update() : update, k, sigma == null ? base.sigma() : sigma);
  }
}
