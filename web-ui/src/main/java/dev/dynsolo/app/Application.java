package dev.dynsolo.app;

import dev.dynsolo.app.config.AppConfig;
import dev.dynsolo.app.config.StreamSection;
import dev.dynsolo.app.server.SoloServer;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.stream.hub.HubSettings;
import dev.dynsolo.stream.delivery.EventDelivery;
import dev.dynsolo.stream.hub.StreamHub;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.sink.SinkContext;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.sink.JsonLinesEventSink;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: the model, the stream hub with the configured streams, and the web
 * server. Closing stops the server, drains the pipeline (recordings finalised) and frees the model.
 */
public final class Application implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Segmenter segmenter;
  private final StreamHub hub;
  private final SoloServer server;
  private final String url;
  private final EventDelivery delivery;

  private Application(Segmenter segmenter, StreamHub hub, SoloServer server, String url, EventDelivery delivery) {
    this.delivery = delivery;
    this.segmenter = segmenter;
    this.hub = hub;
    this.server = server;
    this.url = url;
  }

  /** Loads the model, starts the configured streams and the server. */
  public static Application start(AppConfig config) {
    Segmenter segmenter = Segmenters.open(Path.of(config.model().bundle()), config.model().runtime());
    StreamHub hub = null;
    EventDelivery delivery = null;
    try {
      delivery = config.events().delivery();
      EventDelivery out = delivery;
      segmenter.setThresholds(config.model().thresholds().over(segmenter.info().thresholds()));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      hub = new StreamHub(segmenter,
          new HubSettings(config.pipeline().settings(), Path.of(config.recording().directory()),
              config.recording().segmentSeconds(), config.server().jpegQuality(), config.server().maxStreams(),
              config.tracking()),
          config.overlay().settings(), new PipelineMetrics(registry),
          config.events().file().isEmpty() ? null : new JsonLinesEventSink(config.events().file(), config.events().format()),
          SegmentedRecorder.into(Path.of(config.recording().directory()), config.recording().segmentSeconds()),
          out == null ? SinkContext.ZoneEventListener.NONE : out::publish,
          config.events().snapshotStore(config.server().jpegQuality()));
      for (StreamSection s : config.streams()) {
        hub.add(s.spec(), s.zoneSettings());
        if (s.recordAtStart()) {
          hub.startRecording(s.name());
        }
      }
      if (delivery != null) {
        for (var d : delivery.destinations()) {
          io.micrometer.core.instrument.Gauge.builder("solo.delivery.pending", d::pending).tag("destination", d.name())
              .description("events waiting in the outbox").register(registry);
          io.micrometer.core.instrument.FunctionCounter.builder("solo.delivery.delivered", d, x -> x.delivered())
              .tag("destination", d.name()).description("events delivered").register(registry);
          io.micrometer.core.instrument.FunctionCounter.builder("solo.delivery.failures", d, x -> x.failures())
              .tag("destination", d.name()).description("failed delivery attempts").register(registry);
        }
      }
      SoloServer server = new SoloServer(hub, config.server(), registry);
      int port = server.start();
      String host = config.server().host().contains(":") ? "[" + config.server().host() + "]" : config.server().host();
      String url = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port + "/";
      LOG.info("serving {} ({} model in {}, {} stream(s))", url, segmenter.info().preset(),
          segmenter.info().precision(), config.streams().size());
      return new Application(segmenter, hub, server, url, delivery);
    } catch (RuntimeException e) {
      if (hub != null) {
        hub.close();
      }
      if (delivery != null) {
        delivery.close();
      }
      segmenter.close();
      throw e;
    }
  }

  /** The browser address of the UI. */
  public String url() {
    return url;
  }

  public StreamHub hub() {
    return hub;
  }

  public SoloServer server() {
    return server;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        hub.close();
      } finally {
        if (delivery != null) {
          delivery.close(); // what is not delivered stays in the outbox for the next start
        }
        segmenter.close();
      }
    }
  }
}
