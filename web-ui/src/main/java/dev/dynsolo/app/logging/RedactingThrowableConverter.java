package dev.dynsolo.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.dynsolo.model.io.Secrets;

/** Stack traces with credentials in URLs hidden (exception messages quote the URLs they failed on). */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Secrets.redact(super.convert(event));
  }
}
