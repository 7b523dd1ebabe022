package dev.dynsolo.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dynsolo.model.io.Messages;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** JSON bodies in and out of the API; every error is a JSON object {@code {"error": "..."}}. */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private Json() {}

  static void send(RoutingContext ctx, int status, Object body) {
    String text;
    try {
      text = MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
  }

  /** An error reply; credentials in any URL the message quotes are hidden. */
  static void error(RoutingContext ctx, int status, String message) {
    if (!ctx.response().ended()) {
      send(ctx, status, Map.of("error", dev.dynsolo.model.io.Secrets.redact(message)));
    }
  }

  /** The request body as a {@code type}; a malformed body or an unknown field is a {@link BadRequest}. */
  static <T> T body(RoutingContext ctx, Class<T> type) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw new BadRequest("a JSON body is required");
    }
    try {
      return MAPPER.readValue(text, type);
    } catch (UnrecognizedPropertyException e) {
      throw new BadRequest("unknown field '" + e.getPropertyName() + "'");
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw new BadRequest(Messages.firstLine(bad.getMessage()));
      }
      throw new BadRequest("malformed JSON: " + Messages.firstLine(e.getOriginalMessage()));
    }
  }

  /** A client error, answered with 400 and its message. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
