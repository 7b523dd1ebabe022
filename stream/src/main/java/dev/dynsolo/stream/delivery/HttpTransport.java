package dev.dynsolo.stream.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A webhook: each event as an HTTP POST of its JSON with header {@code X-Event-Id}; taken on a 2xx answer. */
final class HttpTransport implements Transport {
  private final URI url;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  HttpTransport(URI url) {
    this.url = url;
  }

  @Override
  public String deliver(String id, String json) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("X-Event-Id", id)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status / 100 == 2 ? null : "endpoint answered HTTP " + status;
    } catch (java.io.IOException e) {
      return "endpoint unreachable (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() {
    // the JDK client holds no connection worth closing here
  }
}
