package dev.dynsolo.model.io;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the credentials of every URL in a text ({@code rtsp://user:password@host} becomes
 * {@code rtsp://user:***@host}; a bare token as user info, {@code rtsp://token@host}, becomes
 * {@code rtsp://***@host}), wherever the text came from: a source location, FFmpeg's
 * "Could not open input ..." message, a log line or an API error.
 */
public final class Secrets {
  private static final Pattern USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^\\s/@:?#\"']*)(:[^\\s/@\"']*)?@");

  private Secrets() {}

  public static String redact(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    Matcher m = USER_INFO.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group(3) != null ? m.group(1) + m.group(2) + ":***@" : m.group(1) + "***@";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
