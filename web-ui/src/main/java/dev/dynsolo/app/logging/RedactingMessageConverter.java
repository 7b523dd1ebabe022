package dev.dynsolo.app.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.dynsolo.model.io.Secrets;

/** {@code %msg} with credentials in URLs hidden: the last guard before a log line is written. */
public final class RedactingMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Secrets.redact(super.convert(event));
  }
}
