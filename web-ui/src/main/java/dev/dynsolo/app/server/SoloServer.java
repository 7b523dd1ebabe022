package dev.dynsolo.app.server;

import dev.dynsolo.app.config.ServerSection;
import dev.dynsolo.model.io.Messages;
import dev.dynsolo.stream.hub.StreamHub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.TimeUnit;

/**
 * The web server: REST API under {@code /api}, live view WebSockets under {@code /ws}, Prometheus
 * {@code /metrics}, and the browser UI from the class path ({@code webroot/}, no external files).
 * The API, WebSockets and metrics need the access token when one is configured.
 */
public final class SoloServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final StreamHub hub;
  private final ServerSection config;
  private final PrometheusMeterRegistry registry;
  private final LiveView liveView;
  private HttpServer server;

  public SoloServer(StreamHub hub, ServerSection config, PrometheusMeterRegistry registry) {
    this.hub = hub;
    this.config = config;
    this.registry = registry;
    this.liveView = new LiveView(hub, config.maxClients());
  }

  /** Starts listening; returns the port (useful when the configured port is 0). */
  public int start() {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
      ctx.next();
    });
    router.route().handler(new CrossSiteGuard(config));
    AccessGuard guard = new AccessGuard(config.token());
    router.route("/api/*").handler(guard);
    router.route("/ws/*").handler(guard);
    router.route("/metrics").handler(guard);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new StreamsApi(hub, hub, new SourceRules(config.mediaRoots())).mount(router);
    new RecordingsApi(hub, hub::snapshot).mount(router);
    new ModelApi(hub.segmenter(), hub).mount(router);
    new HealthApi(hub, hub, hub.segmenter().info().preset(), registry).mount(router);
    liveView.mount(router);
    router.route("/api/*").handler(ctx -> Json.error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
        + ctx.request().path()));
    router.route("/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy",
          "default-src 'self'; img-src 'self' blob: data:; connect-src 'self' ws: wss:; style-src 'self'");
      ctx.next();
    });
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false));
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      String message = switch (status) {
        case 413 -> "request body larger than " + config.maxBodyBytes() + " bytes";
        case 404 -> "not found: " + ctx.request().path();
        case 400 -> "bad request";
        default -> ctx.failure() == null ? "request failed" : "internal error: " + Messages.firstLine(ctx.failure().toString());
      };
      Json.error(ctx, status, message);
    });
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setMaxWebSocketFrameSize(65536).setMaxWebSocketMessageSize(65536)
        .setMaxInitialLineLength(4096).setMaxHeaderSize(16384);
    try {
      server = vertx.createHttpServer(options).requestHandler(router).listen()
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      vertx.close();
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
          + Messages.firstLine(String.valueOf(cause.getMessage())), cause);
    }
    return server.actualPort();
  }

  /** The meters {@code /metrics} shows. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Live viewers connected now. */
  public int viewers() {
    return liveView.clients();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // closing anyway
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the event loop threads are daemons
      }
    }
  }
}
