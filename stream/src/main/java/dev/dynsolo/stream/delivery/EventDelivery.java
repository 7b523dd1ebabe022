package dev.dynsolo.stream.delivery;

import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Zone and line events to other systems, at least once: each event gets an id and is written to the
 * outbox of every destination before this returns; each destination's sender then delivers from
 * its outbox on its own thread. Events queued before a restart are delivered after it.
 */
public final class EventDelivery implements AutoCloseable {
  /** A webhook destination: its name (for status and the outbox folder) and URL. */
  public record Webhook(String name, String url) {
    public Webhook {
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException("events.webhooks: name '" + name + "' must be 1-64 letters, digits,"
            + " '.', '_' or '-'");
      }
      if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
        throw new IllegalArgumentException("events.webhooks." + name + ": url must start with http:// or https://");
      }
      URI.create(url);
    }
  }

  private final EventIds ids = new EventIds();
  private final List<Outbox> outboxes = new ArrayList<>();
  private final List<WebhookDelivery> senders = new ArrayList<>();

  /** @param outboxRoot one folder per destination goes here */
  public EventDelivery(Path outboxRoot, int outboxLimit, List<Webhook> webhooks) {
    for (Webhook w : webhooks) {
      Outbox outbox = new Outbox(outboxRoot.resolve(w.name()), outboxLimit);
      outboxes.add(outbox);
      senders.add(new WebhookDelivery(w.name(), URI.create(w.url()), outbox));
    }
  }

  /** Queues a stream's events for every destination. */
  public void publish(String stream, List<ZoneEvent> events) {
    for (ZoneEvent e : events) {
      String id = ids.next();
      String json = DetectionEvents.toJson(stream, e).put("id", id).toString();
      for (Outbox o : outboxes) {
        o.add(id, json);
      }
    }
    senders.forEach(WebhookDelivery::wake);
  }

  public List<WebhookDelivery> destinations() {
    return List.copyOf(senders);
  }

  @Override
  public void close() {
    senders.forEach(WebhookDelivery::close);
  }
}
