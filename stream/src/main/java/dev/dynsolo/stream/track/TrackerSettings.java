package dev.dynsolo.stream.track;

/**
 * How a stream's objects are tracked (ByteTrack's parameters, its defaults).
 *
 * @param enabled whether instances get track ids
 * @param highScore detections at or above this score are associated first and may start tracks
 * @param lowScore detections between this and {@code highScore} are only matched to tracks still tracked
 * @param newTrackScore a new track needs a detection at least this confident
 * @param matchCost first association: a pair must cost less (1 - similarity x score)
 * @param secondMatchCost second association (low scores): a pair must cost less (1 - similarity)
 * @param lostFrames frames a lost track is kept for, to be found again after an occlusion
 * @param maskWeight weight of mask IoU in the similarity (0 = box IoU only, ByteTrack's own)
 * @param classAware associate only instances of the same class
 * @param recoverDistance a confident detection nothing else claimed continues a lost track of its
 *     class whose predicted centre is within this many object sizes (the longer side of its box
 *     when last wholly in view), the nearest first: an object that was hidden completely comes
 *     back as a sliver whose box no longer overlaps the prediction (0 = off, ByteTrack's own)
 */
public record TrackerSettings(boolean enabled, double highScore, double lowScore, double newTrackScore,
    double matchCost, double secondMatchCost, int lostFrames, double maskWeight, boolean classAware,
    double recoverDistance) {

  /** ByteTrack's defaults, with mask IoU weighed as much as box IoU. */
  public static final TrackerSettings DEFAULT = new TrackerSettings(true, 0.5, 0.1, 0.6, 0.8, 0.5, 30, 0.5, true, 0.75);

  public TrackerSettings {
    check("tracking.lowScore", lowScore, 0, 1);
    check("tracking.highScore", highScore, lowScore, 1);
    check("tracking.newTrackScore", newTrackScore, 0, 1);
    check("tracking.matchCost", matchCost, 0, 1);
    check("tracking.secondMatchCost", secondMatchCost, 0, 1);
    check("tracking.maskWeight", maskWeight, 0, 1);
    check("tracking.recoverDistance", recoverDistance, 0, 2);
    if (lostFrames < 0) {
      throw new IllegalArgumentException("tracking.lostFrames must be >= 0, got " + lostFrames);
    }
  }

  private static void check(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  public TrackerSettings withMaskWeight(double weight) {
    return new TrackerSettings(enabled, highScore, lowScore, newTrackScore, matchCost, secondMatchCost, lostFrames,
        weight, classAware, recoverDistance);
  }

  public TrackerSettings withRecoverDistance(double distance) {
    return new TrackerSettings(enabled, highScore, lowScore, newTrackScore, matchCost, secondMatchCost, lostFrames,
        maskWeight, classAware, distance);
  }
}
