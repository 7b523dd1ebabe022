package dev.dynsolo.app.server;

import dev.dynsolo.stream.hub.PipelineHealth;
import dev.dynsolo.stream.hub.StreamControl;
import dev.dynsolo.stream.hub.StreamView;
import dev.dynsolo.stream.source.SourceState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Liveness ({@code /api/health}: 503 once the pipeline is dead, stopped, stuck in one batch or
 * failing every batch, so a supervisor restarts the server), readiness ({@code /api/ready}: the
 * pipeline runs and every stream is live or finished with no failing sink) and Prometheus {@code /metrics}.
 */
final class HealthApi {
  private final StreamControl streams;
  private final PipelineHealth pipeline;
  private final String model;
  private final PrometheusMeterRegistry registry;

  HealthApi(StreamControl streams, PipelineHealth pipeline, String model, PrometheusMeterRegistry registry) {
    this.streams = streams;
    this.pipeline = pipeline;
    this.model = model;
    this.registry = registry;
  }

  void mount(Router router) {
    router.get("/api/health").handler(ctx -> {
      Optional<String> problem = pipeline.pipelineProblem();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", problem.isEmpty() ? "up" : "down");
      problem.ifPresent(p -> body.put("error", p));
      Json.send(ctx, problem.isEmpty() ? 200 : 503, body);
    });
    router.get("/api/ready").handler(ctx -> {
      Map<String, Object> body = new LinkedHashMap<>();
      Map<String, String> states = new LinkedHashMap<>();
      Optional<String> problem = pipeline.pipelineProblem();
      boolean ready = problem.isEmpty();
      for (StreamView s : streams.streams()) {
        SourceState state = s.status().state();
        states.put(s.id(), state.name().toLowerCase(Locale.ROOT));
        ready &= s.error() == null && s.faults().isEmpty()
            && (state == SourceState.LIVE || state == SourceState.ENDED);
      }
      body.put("ready", ready);
      body.put("model", model);
      body.put("streams", states);
      problem.ifPresent(p -> body.put("error", p));
      Json.send(ctx, ready ? 200 : 503, body);
    });
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
  }
}
