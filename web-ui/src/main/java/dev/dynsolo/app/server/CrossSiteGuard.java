package dev.dynsolo.app.server;

import dev.dynsolo.app.config.ServerSection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Handler;
import java.net.URI;
import java.util.HashSet;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps other web pages out of a server that runs next to the user's browser:
 * <ul>
 *   <li>the {@code Host} header must name this machine's loopback or a configured name, so a
 *       DNS-rebinding page (which arrives under its own name) gets 421;</li>
 *   <li>state-changing requests and WebSocket upgrades that carry an {@code Origin} must come from
 *       the page's own origin or a configured one (403), which is how browsers mark cross-site
 *       requests; tools without an Origin (curl, scripts) are unaffected;</li>
 *   <li>request bodies on the API must be {@code application/json} (415), so a cross-site form or
 *       "simple" fetch with {@code text/plain} cannot smuggle one in.</li>
 * </ul>
 */
final class CrossSiteGuard implements Handler<RoutingContext> {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final Set<String> hosts = new HashSet<>(LOOPBACK);
  private final Set<String> origins = new HashSet<>();
  private final boolean checkHost;

  CrossSiteGuard(ServerSection config) {
    config.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
    config.allowedOrigins().forEach(o -> origins.add(o.toLowerCase(Locale.ROOT)));
    // Bound to another interface the server needs its token on every API call anyway, and users
    // reach it under names it cannot know; on loopback without a token, the Host check is the guard.
    checkHost = ServerSection.loopback(config.host()) || config.token().isEmpty();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HostAndPort authority = request.authority();
    if (checkHost && (authority == null || !hostAllowed(authority.host()))) {
      Json.error(ctx, 421, "this server does not answer to host '" + (authority == null ? "" : authority.host())
          + "' (add it to server.allowedHosts)");
      return;
    }
    boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    boolean changes = !(request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD
        || request.method() == HttpMethod.OPTIONS);
    String origin = request.getHeader("Origin");
    if ((upgrade || changes) && origin != null && !originAllowed(origin, authority)) {
      Json.error(ctx, 403, "cross-origin request from " + origin + " refused (add it to server.allowedOrigins)");
      return;
    }
    if (changes && request.path().startsWith("/api/") && hasBody(request) && !isJson(request)) {
      Json.error(ctx, 415, "request bodies must be application/json");
      return;
    }
    ctx.next();
  }

  private boolean hostAllowed(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return hosts.contains(h) || h.startsWith("127.");
  }

  private boolean originAllowed(String origin, HostAndPort authority) {
    String o = origin.toLowerCase(Locale.ROOT);
    if (origins.contains(o)) {
      return true;
    }
    try {
      URI uri = URI.create(o);
      if (uri.getHost() == null || authority == null) {
        return false; // "null" (sandboxed frames, files) and the like
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      int own = authority.port() >= 0 ? authority.port() : 80;
      return uri.getHost().equals(authority.host().toLowerCase(Locale.ROOT).replace("[", "").replace("]", ""))
          && port == own;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
  }

  private static boolean isJson(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).strip().startsWith("application/json");
  }

}
