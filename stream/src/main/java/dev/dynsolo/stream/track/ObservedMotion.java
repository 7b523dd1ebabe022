package dev.dynsolo.stream.track;

import dev.dynsolo.model.api.Box;
import java.util.ArrayDeque;

/**
 * A track's motion as seen while its object was wholly in view, after OC-SORT's observation-centric
 * idea (Cao et al., 2023). When another object slides over it, the visible part's box shrinks
 * from one side and its centre stops or moves backwards, so the Kalman filter learns a wrong
 * velocity just before the object disappears. Here a detection whose box is much smaller than the
 * object's largest box of the last {@link #WINDOW} frames is taken as partly hidden and leaves the
 * estimate alone; the velocity is the displacement between whole views up to {@link #WINDOW}
 * frames apart (a few pixels of bias at the start of an occlusion spread over many frames), or,
 * after a gap, between the views either side of it. With no whole view left in the window the
 * next box counts as whole, so an object that really became smaller is followed from there.
 */
final class ObservedMotion {
  /** A box below this fraction of the object's recent largest area is taken as partly hidden. */
  static final double HIDDEN_AREA_RATIO = 0.8;
  /** Frames (of the stream's nominal rate) over which whole views are compared and velocity measured. */
  static final double WINDOW = 10;

  private record View(double time, double x, double y, double area, double size) {}

  private final ArrayDeque<View> views = new ArrayDeque<>();
  private double vx;
  private double vy;
  private boolean moving;

  /** One matched detection at {@code when} (frames of the stream's nominal rate). */
  void observe(Box box, double when) {
    View view = new View(when, (box.x0() + box.x1()) / 2.0, (box.y0() + box.y1()) / 2.0,
        Math.max(1.0, (double) box.width() * box.height()), Math.max(1, Math.max(box.width(), box.height())));
    while (views.size() > 1 && views.peekFirst().time() < when - WINDOW) {
      views.pollFirst(); // the latest whole view stays, to measure motion across a gap
    }
    double largest = 0;
    for (View v : views) {
      if (v.time() >= when - WINDOW) {
        largest = Math.max(largest, v.area());
      }
    }
    if (view.area() < HIDDEN_AREA_RATIO * largest) {
      return;
    }
    View first = views.peekFirst();
    if (first != null && when > first.time()) {
      vx = (view.x() - first.x()) / (when - first.time());
      vy = (view.y() - first.y()) / (when - first.time());
      moving = true;
    }
    views.addLast(view);
  }

  /** The centre at {@code when} by the observed velocity, or null before a second whole view. */
  double[] centreAt(double when) {
    if (!moving) {
      return null;
    }
    View last = views.peekLast();
    return new double[] {last.x() + vx * (when - last.time()), last.y() + vy * (when - last.time())};
  }

  /** The longer side of the last whole view's box, in pixels. */
  double size() {
    return views.isEmpty() ? 1 : views.peekLast().size();
  }
}
