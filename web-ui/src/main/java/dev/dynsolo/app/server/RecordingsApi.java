package dev.dynsolo.app.server;

import dev.dynsolo.stream.hub.RecordingControl;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code /api/recordings}: the recording files and their download; {@code /api/snapshots/{name}}:
 * the JPEG snapshots of zone events. Only names the hub lists can
 * be fetched, so no request reaches a file outside the recordings directory.
 */
final class RecordingsApi {
  private final RecordingControl hub;
  private final java.util.function.Function<String, java.util.Optional<java.nio.file.Path>> snapshots;

  /** @param snapshots a zone event's snapshot file by name */
  RecordingsApi(RecordingControl hub, java.util.function.Function<String, java.util.Optional<java.nio.file.Path>> snapshots) {
    this.hub = hub;
    this.snapshots = snapshots;
  }

  void mount(Router router) {
    router.get("/api/snapshots/:name").handler(ctx -> {
      String name = ctx.pathParam("name");
      ctx.vertx().executeBlocking(() -> snapshots.apply(name), false).onComplete(found -> {
        if (found.failed()) {
          Blocking.fail(ctx, found.cause());
        } else if (found.result().isEmpty()) {
          Json.error(ctx, 404, "no snapshot named " + name);
        } else {
          ctx.response().putHeader("Content-Type", "image/jpeg").sendFile(found.result().get().toString());
        }
      });
    });
    router.get("/api/recordings").handler(ctx -> Blocking.respond(ctx, 200, () -> Map.of("recordings", hub.recordings())));
    router.get("/api/recordings/:name").handler(ctx -> {
      String name = ctx.pathParam("name");
      ctx.vertx().executeBlocking(() -> hub.recordingFile(name), false).onComplete(found -> {
        if (found.failed()) {
          Blocking.fail(ctx, found.cause());
        } else if (found.result().isEmpty()) {
          Json.error(ctx, 404, "no recording named " + name);
        } else {
          ctx.response().putHeader("Content-Type", "video/mp4")
              .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
              .sendFile(found.result().get().toString());
        }
      });
    });
  }
}
