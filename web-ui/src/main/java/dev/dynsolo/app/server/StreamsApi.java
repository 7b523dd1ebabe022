package dev.dynsolo.app.server;

import dev.dynsolo.app.config.StreamSection;
import dev.dynsolo.stream.hub.RecordingControl;
import dev.dynsolo.stream.hub.StreamControl;
import dev.dynsolo.stream.hub.StreamView;
import dev.dynsolo.stream.zone.ZoneSettings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.NoSuchElementException;

/** {@code /api/streams}: list, add and remove streams; start and stop their recordings. */
final class StreamsApi {
  private final StreamControl hub;
  private final RecordingControl recordings;
  private final SourceRules rules;

  StreamsApi(StreamControl streams, RecordingControl recordings, SourceRules rules) {
    this.hub = streams;
    this.recordings = recordings;
    this.rules = rules;
  }

  void mount(Router router) {
    router.get("/api/streams").handler(ctx -> Blocking.respond(ctx, 200, () -> Map.of("streams", hub.streams())));
    router.post("/api/streams").handler(this::add);
    router.get("/api/streams/:id").handler(ctx -> Blocking.respond(ctx, 200, () -> view(ctx.pathParam("id"))));
    router.get("/api/streams/:id/tracks").handler(ctx -> Blocking.respond(ctx, 200,
        () -> Map.of("tracks", hub.tracks(ctx.pathParam("id")))));
    router.get("/api/streams/:id/zones").handler(ctx -> Blocking.respond(ctx, 200, () -> hub.zones(ctx.pathParam("id"))));
    router.put("/api/streams/:id/zones").handler(ctx -> {
      ZoneSettings zones;
      try {
        zones = Json.body(ctx, ZoneSettings.class);
      } catch (RuntimeException e) {
        Blocking.fail(ctx, e);
        return;
      }
      Blocking.respond(ctx, 200, () -> hub.setZones(ctx.pathParam("id"), zones));
    });
    router.delete("/api/streams/:id").handler(ctx -> Blocking.respond(ctx, 204, () -> {
      if (!hub.remove(ctx.pathParam("id"))) {
        throw new NoSuchElementException("no stream named " + ctx.pathParam("id"));
      }
      return null;
    }));
    router.post("/api/streams/:id/recording").handler(ctx -> Blocking.respond(ctx, 200, () -> {
      recordings.startRecording(ctx.pathParam("id"));
      return view(ctx.pathParam("id"));
    }));
    router.delete("/api/streams/:id/recording").handler(ctx -> Blocking.respond(ctx, 200, () ->
        Map.of("files", recordings.stopRecording(ctx.pathParam("id")).stream().map(p -> p.getFileName().toString()).toList())));
  }

  private void add(RoutingContext ctx) {
    StreamSection request;
    try {
      request = Json.body(ctx, StreamSection.class);
    } catch (RuntimeException e) {
      Blocking.fail(ctx, e);
      return;
    }
    Blocking.respond(ctx, 201, () -> {
      var spec = request.spec();
      rules.check(spec);
      hub.add(spec, request.zoneSettings());
      if (request.recordAtStart()) {
        recordings.startRecording(request.name());
      }
      return view(request.name());
    });
  }

  private StreamView view(String id) {
    return hub.stream(id).orElseThrow(() -> new NoSuchElementException("no stream named " + id));
  }
}
