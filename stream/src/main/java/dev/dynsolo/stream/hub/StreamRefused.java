package dev.dynsolo.stream.hub;

/**
 * Why the hub would not add a stream, as a domain fact the API turns into a status: a taken name
 * (409), no room for another stream or a hub shutting down (503). Bad input stays an
 * {@link IllegalArgumentException} (400).
 */
public final class StreamRefused extends RuntimeException {
  /** What kind of refusal. */
  public enum Reason { NAME_TAKEN, AT_CAPACITY, SHUTTING_DOWN }

  private final Reason reason;

  StreamRefused(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
