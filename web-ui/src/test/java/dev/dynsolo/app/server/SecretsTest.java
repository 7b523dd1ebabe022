package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import dev.dynsolo.model.io.Secrets;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A camera password in a source URL appears in no API response, metric or log line, including
 * FFmpeg's own "Could not open input ..." message, which repeats the URL it was given.
 */
class SecretsTest {
  @TempDir Path dir;

  @Test
  void aCameraPasswordIsNeverShown() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // nothing listens here once closed: every attempt fails
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> capture = captureLog(log);
    try (Application app = TestApps.demo(dir.resolve("recordings"), Map.of())) {
      Http http = new Http(app.url(), null);
      String camera = "rtsp://viewer:s3cretPW@127.0.0.1:" + closedPort + "/cam";
      var added = http.send("POST", "/api/streams", "{\"name\":\"door\",\"source\":\"" + camera + "\"}");
      assertFalse(added.body().contains("s3cretPW"), added.body());
      TestApps.waitFor(() -> {
        try {
          return http.get("/api/streams/door").body().contains("Could not open input");
        } catch (Exception e) {
          return false;
        }
      }, "the camera's first failure");
      for (String path : new String[] {"/api/streams", "/api/streams/door", "/api/ready", "/metrics"}) {
        String body = http.get(path).body();
        assertFalse(body.contains("s3cretPW"), path + " shows the password: " + body);
      }
      assertTrue(http.get("/api/streams/door").body().contains("viewer:***@127.0.0.1"),
          "the location stays recognisable: " + http.get("/api/streams/door").body());
      var again = http.send("POST", "/api/streams", "{\"name\":\"door\",\"source\":\"" + camera + "\"}");
      assertFalse(again.body().contains("s3cretPW"), again.body());
    } finally {
      ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
      capture.stop();
    }
    String lines = log.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("door"), "the stream's state changes were logged: " + lines);
    assertFalse(lines.contains("s3cretPW"), "a log line shows the password: " + lines);
  }

  @Test
  void everyUrlInAMessageIsRedacted() {
    String ffmpeg = "avformat_open_input() error -111: Could not open input \"rtsp://u:p4ss@10.0.0.5/x\"."
        + " also http://tok3n@cam/y and https://a:b:c@h/z";
    String redacted = Secrets.redact(ffmpeg);
    assertFalse(redacted.contains("p4ss") || redacted.contains("tok3n") || redacted.contains("b:c"), redacted);
    assertTrue(redacted.contains("rtsp://u:***@10.0.0.5/x") && redacted.contains("http://***@cam/y"), redacted);
  }

  /** Root-level capture through the configured conversion rules (so through the redacting converters). */
  private static OutputStreamAppender<ILoggingEvent> captureLog(ByteArrayOutputStream out) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%logger{0} %msg%n%ex");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    return appender;
  }
}
