package dev.dynsolo.model.bundle;

/** A model bundle is missing, partial or incompatible; the message names the file and the fault. */
public final class BundleException extends RuntimeException {
  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
