package dev.dynsolo.app.server;

import dev.dynsolo.stream.hub.RecordingControl;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /api/recordings}: the recording files and their download; {@code /api/snapshots/{name}}:
 * the JPEG snapshots of zone events. Only names the hub lists can
 * be fetched, so no request reaches a file outside the recordings directory.
 */
final class RecordingsApi {
  private final RecordingControl hub;
  private final Function<String, Optional<Path>> snapshots;

  /** @param snapshots a zone event's snapshot file by name */
  RecordingsApi(RecordingControl hub, Function<String, Optional<Path>> snapshots) {
    this.hub = hub;
    this.snapshots = snapshots;
  }

  void mount(Router router) {
    router.get("/api/snapshots/:name").handler(ctx ->
        sendListed(ctx, "snapshot", snapshots, response -> response.putHeader("Content-Type", "image/jpeg")));
    router.get("/api/recordings").handler(ctx -> Blocking.respond(ctx, 200, () -> Map.of("recordings", hub.recordings())));
    router.get("/api/recordings/:name").handler(ctx -> sendListed(ctx, "recording", hub::recordingFile,
        response -> response.putHeader("Content-Type", "video/mp4")
            .putHeader("Content-Disposition", "attachment; filename=\"" + ctx.pathParam("name") + "\"")));
  }

  /** Sends the file {@code lookup} finds for the path's name (off the event loop), or 404. */
  private static void sendListed(RoutingContext ctx, String what, Function<String, Optional<Path>> lookup,
      Consumer<HttpServerResponse> headers) {
    String name = ctx.pathParam("name");
    ctx.vertx().executeBlocking(() -> lookup.apply(name), false).onComplete(found -> {
      if (found.failed()) {
        Blocking.fail(ctx, found.cause());
      } else if (found.result().isEmpty()) {
        Json.error(ctx, 404, "no " + what + " named " + name);
      } else {
        headers.accept(ctx.response());
        ctx.response().sendFile(found.result().get().toString());
      }
    });
  }
}
