package dev.dynsolo.stream.zone;

import java.util.List;

/** Plane geometry of zones and lines. */
final class Polygons {
  private Polygons() {}

  /** Distance from (x, y) to the polygon's border: positive inside, negative outside (even-odd rule). */
  static double signedDistance(List<List<Double>> polygon, double x, double y) {
    boolean inside = false;
    double nearest = Double.POSITIVE_INFINITY;
    int n = polygon.size();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      double xi = polygon.get(i).get(0);
      double yi = polygon.get(i).get(1);
      double xj = polygon.get(j).get(0);
      double yj = polygon.get(j).get(1);
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
      nearest = Math.min(nearest, distanceToSegment(x, y, xi, yi, xj, yj));
    }
    return inside ? nearest : -nearest;
  }

  static double distanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double lengthSquared = dx * dx + dy * dy;
    double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  }

  /** Whether segment p1-p2 crosses segment q1-q2 (touching counts). */
  static boolean segmentsCross(double p1x, double p1y, double p2x, double p2y, double q1x, double q1y, double q2x,
      double q2y) {
    double d1 = cross(q1x, q1y, q2x, q2y, p1x, p1y);
    double d2 = cross(q1x, q1y, q2x, q2y, p2x, p2y);
    double d3 = cross(p1x, p1y, p2x, p2y, q1x, q1y);
    double d4 = cross(p1x, p1y, p2x, p2y, q2x, q2y);
    return d1 * d2 <= 0 && d3 * d4 <= 0;
  }

  private static double cross(double ax, double ay, double bx, double by, double px, double py) {
    return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  }
}
