package dev.dynsolo.stream.track.eval;

/**
 * Multi-object tracking figures of one sequence, as TrackEval defines them.
 *
 * @param hota HOTA, averaged over the 19 localisation thresholds 0.05..0.95
 * @param detA detection accuracy (mean over thresholds)
 * @param assA association accuracy (mean over thresholds)
 * @param mota CLEAR MOTA at IoU 0.5: 1 - (FN + FP + IDSW) / ground truth boxes
 * @param idf1 identity F1: IDTP / (IDTP + (IDFP + IDFN) / 2)
 * @param idSwitches CLEAR identity switches
 * @param truePositives CLEAR matches
 * @param falseNegatives ground truth boxes not matched
 * @param falsePositives tracker boxes not matched
 */
public record TrackingScores(double hota, double detA, double assA, double mota, double idf1, long idSwitches,
    long truePositives, long falseNegatives, long falsePositives) {}
