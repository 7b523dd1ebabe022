package dev.dynsolo.app.config;

/**
 * {@code server:} where the web server listens and its limits.
 *
 * @param host address to bind; anything but loopback requires {@code token}
 * @param port TCP port (0 = any free port)
 * @param token access token for the API and WebSocket (empty = none, allowed on loopback only)
 * @param maxClients most WebSocket viewers at once
 * @param maxBodyBytes largest request body
 * @param maxStreams most streams at once
 * @param jpegQuality quality of live-view frames, 1..100
 * @param allowedHosts names besides the loopback ones that the {@code Host} header may carry (a
 *     DNS-rebinding page arrives under its own name and is refused)
 * @param allowedOrigins origins besides the page's own (e.g. {@code https://dashboard.example})
 *     that may send state-changing requests and open live views
 * @param mediaRoots folders whose files and folders streams added over the API may read
 */
public record ServerSection(String host, int port, String token, int maxClients, int maxBodyBytes, int maxStreams,
    int jpegQuality, java.util.List<String> allowedHosts, java.util.List<String> allowedOrigins,
    java.util.List<String> mediaRoots) {
  public ServerSection {
    mediaRoots = mediaRoots == null ? java.util.List.of() : java.util.List.copyOf(mediaRoots);
    allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
    allowedOrigins = allowedOrigins == null ? java.util.List.of() : java.util.List.copyOf(allowedOrigins);
    for (String origin : allowedOrigins) {
      if (!origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException("server.allowedOrigins: '" + origin + "' is not an origin"
            + " (scheme://host[:port], no path)");
      }
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server.host is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port must be 0..65535, got " + port);
    }
    token = token == null ? "" : token;
    if (!loopback(host) && token.isEmpty()) {
      throw new IllegalArgumentException("server.token is required when server.host is " + host
          + " (not loopback): set it, e.g. token: ${SOLO_TOKEN}");
    }
    if (!token.isEmpty() && token.length() < 16) {
      throw new IllegalArgumentException("server.token must be at least 16 characters");
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("server.maxClients must be >= 1, got " + maxClients);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("server.maxBodyBytes must be >= 1024, got " + maxBodyBytes);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("server.maxStreams must be >= 1, got " + maxStreams);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("server.jpegQuality must be in [1, 100], got " + jpegQuality);
    }
  }

  public static boolean loopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }

  public ServerSection withPort(int newPort) {
    return new ServerSection(host, newPort, token, maxClients, maxBodyBytes, maxStreams, jpegQuality, allowedHosts,
        allowedOrigins, mediaRoots);
  }
}
