package dev.dynsolo.model.weights.torch;

/** A checkpoint file that cannot be read or does not hold what an import needs; the message says why. */
public class CheckpointFormatException extends RuntimeException {
  public CheckpointFormatException(String message) {
    super(message);
  }

  public CheckpointFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
