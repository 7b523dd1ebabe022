package dev.dynsolo.stream.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The hub's streams by name, in the order they were added, and the rules for adding one. */
final class StreamRegistry {
  private final int maxStreams;
  private final Map<String, HubStream> streams = new LinkedHashMap<>();
  private boolean closed;

  StreamRegistry(int maxStreams) {
    this.maxStreams = maxStreams;
  }

  /** Registers the stream {@code open} makes, after checking the name, the limit and that the hub is open. */
  synchronized HubStream add(String id, Supplier<HubStream> open) {
    if (closed) {
      throw new StreamRefused(StreamRefused.Reason.SHUTTING_DOWN, "the server is shutting down");
    }
    if (streams.containsKey(id)) {
      throw new StreamRefused(StreamRefused.Reason.NAME_TAKEN, "stream " + id + " already exists");
    }
    if (streams.size() >= maxStreams) {
      throw new StreamRefused(StreamRefused.Reason.AT_CAPACITY, "at most " + maxStreams + " streams can run at once");
    }
    HubStream stream = open.get();
    streams.put(id, stream);
    return stream;
  }

  synchronized HubStream remove(String id) {
    return streams.remove(id);
  }

  synchronized Optional<HubStream> get(String id) {
    return Optional.ofNullable(streams.get(id));
  }

  synchronized List<HubStream> all() {
    return new ArrayList<>(streams.values());
  }

  /** Refuses further streams and returns those registered, or null if it was closed before. */
  synchronized List<HubStream> close() {
    if (closed) {
      return null;
    }
    closed = true;
    return new ArrayList<>(streams.values());
  }
}
