package dev.dynsolo.app.server;

import dev.dynsolo.stream.hub.LiveFrames;
import dev.dynsolo.stream.sink.PublishedFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;

/**
 * {@code /ws/streams/:id}: each frame as a JSON text message (instances with class, score, box and
 * polygons; fps; latency) followed by the JPEG as a binary message. {@code ?view=raw} sends the frame
 * without the server's overlay, for masks drawn in the browser. A viewer asks for the next frame
 * only when the previous one has been written to its socket, so a stalled browser skips frames and
 * never holds up inference or the other viewers.
 */
final class LiveView {
  private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);

  private final LiveFrames hub;
  private final int maxClients;
  private final AtomicInteger clients = new AtomicInteger();

  LiveView(LiveFrames hub, int maxClients) {
    this.hub = hub;
    this.maxClients = maxClients;
  }

  void mount(Router router) {
    router.get("/ws/streams/:id").handler(this::open);
  }

  int clients() {
    return clients.get();
  }

  private void open(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!hub.exists(id)) {
      Json.error(ctx, 404, "no stream named " + id);
      return;
    }
    boolean annotated = !"raw".equals(ctx.request().getParam("view"));
    if (clients.incrementAndGet() > maxClients) {
      clients.decrementAndGet();
      Json.error(ctx, 503, "too many live viewers (limit " + maxClients + ")");
      return;
    }
    ctx.request().toWebSocket().onComplete(upgrade -> {
      if (upgrade.failed()) {
        clients.decrementAndGet();
        Json.error(ctx, 400, "a WebSocket upgrade is required");
        return;
      }
      ServerWebSocket ws = upgrade.result();
      Viewer viewer = new Viewer(ws);
      ws.closeHandler(v -> viewer.dispose());
      ws.exceptionHandler(e -> viewer.dispose());
      ws.handler(b -> { }); // viewers send nothing; whatever arrives is read and ignored
      hub.frames(id, annotated).doFinally(s -> clients.decrementAndGet()).subscribe(viewer);
    });
  }

  /** Writes frames to one socket, asking for the next only when the last is on its way. */
  private static final class Viewer extends BaseSubscriber<PublishedFrame> {
    private final ServerWebSocket ws;

    Viewer(ServerWebSocket ws) {
      this.ws = ws;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      request(1);
    }

    @Override
    protected void hookOnNext(PublishedFrame frame) {
      if (ws.isClosed()) {
        dispose();
        return;
      }
      ws.writeTextMessage(frame.metadata());
      ws.writeBinaryMessage(Buffer.buffer(frame.jpeg())).onComplete(written -> {
        if (written.succeeded()) {
          request(1);
        } else {
          LOG.debug("live viewer gone: {}", written.cause().toString());
          dispose();
        }
      });
    }

    @Override
    protected void hookOnComplete() {
      ws.close((short) 1000, "stream removed");
    }
  }
}
