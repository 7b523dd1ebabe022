package dev.dynsolo.model.io;

/** Turns library error messages into the one-line form users see. */
public final class Messages {
  private Messages() {}

  /** The first line of a message, trimmed; "unknown error" when there is none. */
  public static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
