package dev.dynsolo.stream.track;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ByteTrack (Zhang et al., 2022) for one stream: confident detections are associated with every
 * live track first, then the remaining tracks take the low-score detections (an object half hidden
 * scores low but is still the same object); a track that finds nothing is kept, lost, for a few
 * frames and can be found again after an occlusion. Boxes move with a constant-velocity Kalman
 * filter. Besides box IoU, similarity can weigh the IoU of the track's last mask, moved by the
 * filter's predicted displacement, with the detection's mask: what instance masks add when boxes
 * of crossing objects overlap. Not thread-safe: one tracker per stream, fed in frame order.
 */
public final class ByteTracker {
  private final TrackerSettings settings;
  private final List<Track> tracked = new ArrayList<>();
  private final List<Track> lost = new ArrayList<>();
  private long frame;
  private double time;
  private long nextId = 1;

  public ByteTracker(TrackerSettings settings) {
    this.settings = settings;
  }

  /**
   * Associates one frame's detections with the tracks and returns, for each detection, its track
   * id, or -1 for a detection not (yet) part of a confirmed track.
   */
  public long[] update(List<Instance> detections) {
    return update(detections, 1.0);
  }

  /**
   * As {@link #update(List)}, for a frame that comes {@code steps} frames of the stream's nominal
   * rate after the previous one (a live stream drops frames while the model is busy): the filters
   * predict that far ahead and the lost-track buffer counts that much time.
   */
  public long[] update(List<Instance> detections, double steps) {
    double dt = Math.max(1, Math.min(steps, settings.lostFrames() + 1.0));
    frame++;
    time += dt;
    long[] ids = new long[detections.size()];
    Arrays.fill(ids, -1);
    MaskCrop[] masks = new MaskCrop[detections.size()];
    List<Integer> high = new ArrayList<>();
    List<Integer> low = new ArrayList<>();
    for (int i = 0; i < detections.size(); i++) {
      float s = detections.get(i).score();
      if (s >= settings.highScore()) {
        high.add(i);
      } else if (s > settings.lowScore()) {
        low.add(i);
      }
      if (settings.maskWeight() > 0 && s > settings.lowScore()) {
        masks[i] = new MaskCrop(detections.get(i));
      }
    }
    List<Track> unconfirmed = new ArrayList<>();
    List<Track> pool = new ArrayList<>();
    for (Track t : tracked) {
      (t.activated ? pool : unconfirmed).add(t);
    }
    pool.addAll(lost);
    for (Track t : pool) {
      t.predict(dt);
    }
    List<Track> nowTracked = new ArrayList<>();

    // First association: confident detections with every tracked or lost track.
    int[] first = associate(pool, high, detections, masks, true, settings.matchCost());
    List<Track> remaining = new ArrayList<>();
    List<Integer> unmatchedHigh = new ArrayList<>(high);
    for (int r = 0; r < pool.size(); r++) {
      Track t = pool.get(r);
      if (first[r] >= 0) {
        int d = high.get(first[r]);
        t.update(detections.get(d), masks[d], frame, time);
        ids[d] = t.id;
        unmatchedHigh.remove(Integer.valueOf(d));
        nowTracked.add(t);
      } else if (t.state == Track.State.TRACKED) {
        remaining.add(t);
      }
    }
    // Second association: low-score detections with the tracks that were tracked until now.
    int[] second = associate(remaining, low, detections, masks, false, settings.secondMatchCost());
    List<Track> newlyLost = new ArrayList<>();
    for (int r = 0; r < remaining.size(); r++) {
      Track t = remaining.get(r);
      if (second[r] >= 0) {
        int d = low.get(second[r]);
        t.update(detections.get(d), masks[d], frame, time);
        ids[d] = t.id;
        nowTracked.add(t);
      } else {
        t.state = Track.State.LOST;
        newlyLost.add(t);
      }
    }
    // Tracks started last frame get one chance to be confirmed by a confident detection.
    int[] third = associate(unconfirmed, unmatchedHigh, detections, masks, true, 0.7);
    List<Integer> leftHigh = new ArrayList<>(unmatchedHigh);
    for (int r = 0; r < unconfirmed.size(); r++) {
      Track t = unconfirmed.get(r);
      if (third[r] >= 0) {
        int d = unmatchedHigh.get(third[r]);
        t.update(detections.get(d), masks[d], frame, time);
        ids[d] = t.id;
        leftHigh.remove(Integer.valueOf(d));
        nowTracked.add(t);
      } else {
        t.state = Track.State.REMOVED;
      }
    }
    // Lost tracks found again far from where their box was predicted (see TrackerSettings.recoverDistance).
    List<Track> waiting = new ArrayList<>();
    for (Track t : pool) {
      if (t.state == Track.State.LOST && time - t.lastTime <= settings.lostFrames()) { // still in the lost buffer
        waiting.add(t);
      }
    }
    int[] fourth = recover(waiting, leftHigh, detections);
    List<Integer> claimed = new ArrayList<>();
    for (int r = 0; r < waiting.size(); r++) {
      if (fourth[r] >= 0) {
        Track t = waiting.get(r);
        int d = leftHigh.get(fourth[r]);
        t.update(detections.get(d), masks[d], frame, time);
        ids[d] = t.id;
        nowTracked.add(t);
        newlyLost.remove(t);
        claimed.add(d);
      }
    }
    leftHigh.removeAll(claimed);
    // New tracks from the confident detections nothing claimed (confirmed at once in the first frame).
    for (int d : leftHigh) {
      Instance det = detections.get(d);
      if (det.score() < settings.newTrackScore()) {
        continue;
      }
      Track t = new Track(nextId++, det, masks[d], frame, time, frame == 1); // masks[d]: null when box-only
      nowTracked.add(t);
      if (t.activated) {
        ids[d] = t.id;
      }
    }
    List<Track> stillLost = new ArrayList<>();
    for (Track t : lost) {
      if (t.state == Track.State.LOST && time - t.lastTime <= settings.lostFrames()) {
        stillLost.add(t);
      }
    }
    for (Track t : newlyLost) {
      if (time - t.lastTime <= settings.lostFrames()) {
        stillLost.add(t);
      }
    }
    removeDuplicates(nowTracked, stillLost);
    tracked.clear();
    tracked.addAll(nowTracked);
    lost.clear();
    lost.addAll(stillLost);
    return ids;
  }

  /**
   * A lost track and a tracked one on the same place (box IoU above 0.85) are one object found
   * again under a new id: the one followed for fewer frames goes (ByteTrack's remove_duplicate_stracks).
   */
  private static void removeDuplicates(List<Track> tracked, List<Track> lost) {
    List<Track> dropTracked = new ArrayList<>();
    List<Track> dropLost = new ArrayList<>();
    for (Track a : tracked) {
      for (Track b : lost) {
        if (iou(a.predictedBox(), box(b.predictedBox())) > 0.85) {
          if (a.lastFrame - a.startFrame > b.lastFrame - b.startFrame) {
            dropLost.add(b);
          } else {
            dropTracked.add(a);
          }
        }
      }
    }
    tracked.removeAll(dropTracked);
    lost.removeAll(dropLost);
  }

  private static Box box(double[] b) {
    return new Box((int) Math.round(b[0]), (int) Math.round(b[1]), (int) Math.round(b[2]), (int) Math.round(b[3]));
  }

  /** Confirmed tracks seen in the latest frame. */
  public List<TrackView> active() {
    List<TrackView> views = new ArrayList<>();
    for (Track t : tracked) {
      if (t.activated && t.lastFrame == frame) {
        views.add(new TrackView(t.id, t.last.className(), t.score, t.last.box(), t.startFrame, t.lastFrame));
      }
    }
    return views;
  }

  /** Tracks being followed now (tracked and lost). */
  public int size() {
    return tracked.size() + lost.size();
  }

  /** Row r of the result is the detection (index into {@code candidates}) track r takes, or -1. */
  private int[] associate(List<Track> tracks, List<Integer> candidates, List<Instance> detections, MaskCrop[] masks,
      boolean fuseScore, double limit) {
    double[][] cost = new double[tracks.size()][candidates.size()];
    for (int r = 0; r < tracks.size(); r++) {
      Track t = tracks.get(r);
      double[] p = t.predictedBox();
      int[] shift = settings.maskWeight() > 0 ? t.predictedShift() : null;
      for (int c = 0; c < candidates.size(); c++) {
        Instance det = detections.get(candidates.get(c));
        if (settings.classAware() && det.classId() != t.classId) {
          cost[r][c] = 1;
          continue;
        }
        double boxIou = iou(p, det.box());
        double similarity = boxIou;
        if (shift != null && t.lastMask != null && masks[candidates.get(c)] != null) {
          double maskIou = boxIou > 0 || overlapsMoved(t.lastMask.box, shift, det.box())
              ? t.lastMask.iou(shift[0], shift[1], masks[candidates.get(c)]) : 0;
          similarity = (1 - settings.maskWeight()) * boxIou + settings.maskWeight() * maskIou;
        }
        cost[r][c] = 1 - (fuseScore ? similarity * det.score() : similarity);
      }
    }
    return LinearAssignment.solve(cost, candidates.size(), limit);
  }

  /**
   * Row r is the detection (index into {@code candidates}) lost track r takes by centre distance,
   * or -1: same class only, within {@code recoverDistance} of the object's size, least total
   * distance. The distance is to the nearer of two predictions: the Kalman filter's and the one
   * from the motion seen while the object was wholly in view ({@link ObservedMotion}), which is
   * right where the filter learnt the shrinking box of an object being covered.
   */
  private int[] recover(List<Track> tracks, List<Integer> candidates, List<Instance> detections) {
    double gate = settings.recoverDistance();
    if (gate <= 0 || tracks.isEmpty() || candidates.isEmpty()) {
      int[] none = new int[tracks.size()];
      Arrays.fill(none, -1);
      return none;
    }
    double[][] cost = new double[tracks.size()][candidates.size()];
    for (int r = 0; r < tracks.size(); r++) {
      Track t = tracks.get(r);
      double[] p = t.predictedBox();
      double[] filtered = {(p[0] + p[2]) / 2, (p[1] + p[3]) / 2};
      double[] observed = t.observedCentreAt(time);
      double size = t.observedSize();
      for (int c = 0; c < candidates.size(); c++) {
        Instance det = detections.get(candidates.get(c));
        if (det.classId() != t.classId) {
          cost[r][c] = 1;
          continue;
        }
        Box b = det.box();
        double x = (b.x0() + b.x1()) / 2.0;
        double y = (b.y0() + b.y1()) / 2.0;
        double distance = Math.hypot(x - filtered[0], y - filtered[1]);
        if (observed != null) {
          distance = Math.min(distance, Math.hypot(x - observed[0], y - observed[1]));
        }
        cost[r][c] = Math.min(1, distance / (gate * size));
      }
    }
    return LinearAssignment.solve(cost, candidates.size(), 1);
  }

  private static boolean overlapsMoved(Box b, int[] shift, Box other) {
    return b.x0() + shift[0] < other.x1() && other.x0() < b.x1() + shift[0]
        && b.y0() + shift[1] < other.y1() && other.y0() < b.y1() + shift[1];
  }

  static double iou(double[] a, Box b) {
    double x0 = Math.max(a[0], b.x0());
    double y0 = Math.max(a[1], b.y0());
    double x1 = Math.min(a[2], b.x1());
    double y1 = Math.min(a[3], b.y1());
    double inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    double union = (a[2] - a[0]) * (a[3] - a[1]) + (double) b.width() * b.height() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
