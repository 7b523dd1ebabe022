package dev.dynsolo.stream.source;

import dev.dynsolo.model.io.Secrets;

/**
 * A source cannot be opened or read; the message names the stream, the URL or file and the cause,
 * with any credentials in URLs hidden (FFmpeg repeats the URL it was given in its own messages).
 */
public final class SourceException extends RuntimeException {
  public SourceException(String message, Throwable cause) {
    super(Secrets.redact(message), cause);
  }

  public SourceException(String message) {
    super(Secrets.redact(message));
  }
}
