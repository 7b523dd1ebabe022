package dev.dynsolo.app.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires the access token on the API and the live view when one is configured: as
 * {@code Authorization: Bearer <token>} or, where a browser cannot set headers (WebSocket, download
 * links), as the {@code token} query parameter. Compared in constant time.
 */
final class AccessGuard implements Handler<RoutingContext> {
  private final byte[] token;

  AccessGuard(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token.length == 0) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7) : ctx.request().getParam("token");
    if (given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      Json.error(ctx, 401, "an access token is required (Authorization: Bearer <token> or ?token=)");
    }
  }
}
