package dev.dynsolo.model.config;

import java.util.List;

/** Small validation helpers shared by the config records. */
final class Check {
  private Check() {}

  static void positive(String setting, long value) {
    if (value <= 0) {
      throw new InvalidConfigException(setting, value, "must be > 0");
    }
  }

  static void inUnitInterval(String setting, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidConfigException(setting, value, "must be in [0, 1]");
    }
  }

  static void divisible(String setting, long value, long divisor) {
    if (value % divisor != 0) {
      throw new InvalidConfigException(setting, value, "must be a multiple of " + divisor);
    }
  }

  static void notEmpty(String setting, List<?> values) {
    if (values == null || values.isEmpty()) {
      throw new InvalidConfigException(setting, values, "must not be empty");
    }
  }
}
