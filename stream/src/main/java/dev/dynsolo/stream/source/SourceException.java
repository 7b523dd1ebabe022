package dev.dynsolo.stream.source;

/** A source cannot be opened or read; the message names the stream, the URL or file and the cause. */
public final class SourceException extends RuntimeException {
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceException(String message) {
    super(message);
  }
}
