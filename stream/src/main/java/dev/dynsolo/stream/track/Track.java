package dev.dynsolo.stream.track;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import java.util.List;

/** One object followed across frames: its id, filter, last detection and life cycle (ByteTrack's STrack). */
final class Track {
  enum State {
    TRACKED,
    LOST,
    REMOVED
  }

  final long id;
  final int classId;
  final long startFrame;
  private final KalmanBoxFilter filter;
  State state = State.TRACKED;
  /** Confirmed: matched in a second frame (or started in the stream's first frame). */
  boolean activated;
  long lastFrame;
  /** When it was last matched, in frames of the stream's nominal rate (see {@link ByteTracker#update(List, double)}). */
  double lastTime;
  float score;
  Instance last;
  MaskCrop lastMask;
  private double[] lastMeasured;
  private final ObservedMotion observed = new ObservedMotion();

  Track(long id, Instance detection, MaskCrop mask, long frame, double time, boolean activated) {
    this.lastTime = time;
    this.id = id;
    this.classId = detection.classId();
    this.startFrame = frame;
    this.activated = activated;
    double[] xyah = xyah(detection.box());
    this.filter = new KalmanBoxFilter(xyah);
    record(detection, mask, frame, xyah);
  }

  void predict(double steps) {
    filter.predict(state == State.TRACKED, steps);
  }

  /** A detection matched to this track in {@code frame}. */
  void update(Instance detection, MaskCrop mask, long frame, double time) {
    lastTime = time;
    double[] xyah = xyah(detection.box());
    filter.update(xyah);
    state = State.TRACKED;
    activated = true;
    record(detection, mask, frame, xyah);
  }

  private void record(Instance detection, MaskCrop mask, long frame, double[] xyah) {
    last = detection;
    lastMask = mask;
    score = detection.score();
    lastFrame = frame;
    lastMeasured = xyah;
    observed.observe(detection.box(), lastTime);
  }

  /**
   * Where the object's centre should be at {@code time} by the motion seen while it was wholly
   * in view (see {@link ObservedMotion}), or null before a second such observation.
   */
  double[] observedCentreAt(double time) {
    return observed.centreAt(time);
  }

  /** The longer side of the object's box as last seen wholly in view. */
  double observedSize() {
    return observed.size();
  }

  /** The predicted box as (x0, y0, x1, y1). */
  double[] predictedBox() {
    double[] s = filter.xyah();
    double h = s[3];
    double w = s[2] * h;
    return new double[] {s[0] - w / 2, s[1] - h / 2, s[0] + w / 2, s[1] + h / 2};
  }

  /** How far the prediction moved the centre from the last detection, in whole pixels. */
  int[] predictedShift() {
    double[] s = filter.xyah();
    return new int[] {(int) Math.round(s[0] - lastMeasured[0]), (int) Math.round(s[1] - lastMeasured[1])};
  }

  static double[] xyah(Box b) {
    double w = Math.max(1, b.width());
    double h = Math.max(1, b.height());
    return new double[] {b.x0() + w / 2, b.y0() + h / 2, w / h, h};
  }
}
