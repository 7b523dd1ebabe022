package dev.dynsolo.model.config;

/** A model setting is out of range; the message names the setting and the bad value. */
public final class InvalidConfigException extends IllegalArgumentException {
  public InvalidConfigException(String setting, Object value, String expectation) {
    super("invalid model setting " + setting + " = " + value + ": " + expectation);
  }
}
