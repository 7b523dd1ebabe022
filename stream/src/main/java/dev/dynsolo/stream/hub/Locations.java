package dev.dynsolo.stream.hub;

/** Source locations as they may be shown: the password of a URL's user info is hidden. */
final class Locations {
  private Locations() {}

  static String redact(String location) {
    int scheme = location.indexOf("://");
    if (scheme < 0) {
      return location;
    }
    int start = scheme + 3;
    int slash = location.indexOf('/', start);
    int at = location.lastIndexOf('@', slash < 0 ? location.length() : slash);
    if (at < start) {
      return location;
    }
    String userInfo = location.substring(start, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    return location.substring(0, start) + user + ":***" + location.substring(at);
  }
}
