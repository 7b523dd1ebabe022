package dev.dynsolo.app.server;

import dev.dynsolo.stream.hub.StreamRefused;

import dev.dynsolo.model.io.Messages;
import io.vertx.ext.web.RoutingContext;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an API action off the event loop (the hub may wait for its sink thread) and answers with its
 * result as JSON, or with a JSON error: 400 for bad input, 404 for an unknown name, 409 for a
 * conflicting state, 500 (logged, no stack trace sent) for anything else.
 */
final class Blocking {
  private static final Logger LOG = LoggerFactory.getLogger(Blocking.class);

  private Blocking() {}

  static void respond(RoutingContext ctx, int status, Callable<Object> action) {
    ctx.vertx().executeBlocking(action, false).onComplete(result -> {
      if (result.succeeded()) {
        Object body = result.result();
        if (body == null) {
          ctx.response().setStatusCode(204).end();
        } else {
          Json.send(ctx, status, body);
        }
      } else {
        fail(ctx, result.cause());
      }
    });
  }

  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof StreamRefused refused) {
      Json.error(ctx, refused.reason() == StreamRefused.Reason.NAME_TAKEN ? 409 : 503, refused.getMessage());
    } else if (e instanceof Json.BadRequest || e instanceof IllegalArgumentException) {
      Json.error(ctx, 400, Messages.firstLine(e.getMessage()));
    } else if (e instanceof NoSuchElementException) {
      Json.error(ctx, 404, Messages.firstLine(e.getMessage()));
    } else if (e instanceof Forbidden) {
      Json.error(ctx, 403, e.getMessage());
    } else {
      LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), e.toString());
      Json.error(ctx, 500, "internal error: " + Messages.firstLine(String.valueOf(e.getMessage())));
    }
  }

  /** The request asks for something this server does not give out (a file outside the media roots). */
  static final class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message);
    }
  }

}
