package dev.dynsolo.app.server;

import dev.dynsolo.stream.hub.StreamHub;
import dev.dynsolo.stream.hub.StreamView;
import dev.dynsolo.stream.source.SourceState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Liveness ({@code /api/health}: the server answers), readiness ({@code /api/ready}: the model is
 * loaded, the pipeline runs and every stream is live or finished) and Prometheus {@code /metrics}.
 */
final class HealthApi {
  private final StreamHub hub;
  private final PrometheusMeterRegistry registry;

  HealthApi(StreamHub hub, PrometheusMeterRegistry registry) {
    this.hub = hub;
    this.registry = registry;
  }

  void mount(Router router) {
    router.get("/api/health").handler(ctx -> Json.send(ctx, 200, Map.of("status", "up")));
    router.get("/api/ready").handler(ctx -> {
      Map<String, Object> body = new LinkedHashMap<>();
      Map<String, String> streams = new LinkedHashMap<>();
      boolean ready = hub.pipelineError() == null;
      for (StreamView s : hub.streams()) {
        SourceState state = s.status().state();
        streams.put(s.id(), state.name().toLowerCase(java.util.Locale.ROOT));
        ready &= s.error() == null && (state == SourceState.LIVE || state == SourceState.ENDED);
      }
      body.put("ready", ready);
      body.put("model", hub.segmenter().info().preset());
      body.put("streams", streams);
      if (hub.pipelineError() != null) {
        body.put("error", hub.pipelineError());
      }
      Json.send(ctx, ready ? 200 : 503, body);
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
  }
}
