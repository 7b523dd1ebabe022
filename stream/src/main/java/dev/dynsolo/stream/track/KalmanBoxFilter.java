package dev.dynsolo.stream.track;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * ByteTrack's (and DeepSORT's) constant-velocity Kalman filter on a box as (centre x, centre y,
 * aspect w/h, height) and their velocities, with noise proportional to the box height. One
 * instance per track; not thread-safe.
 */
final class KalmanBoxFilter {
  private static final double POSITION_WEIGHT = 1.0 / 20;
  private static final double VELOCITY_WEIGHT = 1.0 / 160;
  private static final DMatrixRMaj MOTION = motion(1);
  private static final DMatrixRMaj PROJECTION = projection();

  private final DMatrixRMaj mean = new DMatrixRMaj(8, 1);
  private final DMatrixRMaj covariance = new DMatrixRMaj(8, 8);
  private final LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(4);

  /** A filter starting at a measured box (x, y, a, h), with unknown velocity. */
  KalmanBoxFilter(double[] xyah) {
    double h = xyah[3];
    double[] std = {2 * POSITION_WEIGHT * h, 2 * POSITION_WEIGHT * h, 1e-2, 2 * POSITION_WEIGHT * h,
        10 * VELOCITY_WEIGHT * h, 10 * VELOCITY_WEIGHT * h, 1e-5, 10 * VELOCITY_WEIGHT * h};
    for (int i = 0; i < 4; i++) {
      mean.set(i, 0, xyah[i]);
    }
    for (int i = 0; i < 8; i++) {
      covariance.set(i, i, std[i] * std[i]);
    }
  }

  /** Moves the state one frame ahead; a track that is not being tracked keeps its height fixed. */
  void predict(boolean tracked) {
    predict(tracked, 1);
  }

  /**
   * Moves the state {@code steps} frames ahead (more than one when frames between were not
   * inferred: a live stream drops frames while the model is busy); the process noise grows with it.
   */
  void predict(boolean tracked, double steps) {
    if (!tracked) {
      mean.set(7, 0, 0);
    }
    double h = mean.get(3, 0);
    double[] std = {POSITION_WEIGHT * h, POSITION_WEIGHT * h, 1e-2, POSITION_WEIGHT * h,
        VELOCITY_WEIGHT * h, VELOCITY_WEIGHT * h, 1e-5, VELOCITY_WEIGHT * h};
    DMatrixRMaj motion = steps == 1 ? MOTION : motion(steps);
    DMatrixRMaj next = new DMatrixRMaj(8, 1);
    CommonOps_DDRM.mult(motion, mean, next);
    mean.setTo(next);
    DMatrixRMaj fp = new DMatrixRMaj(8, 8);
    CommonOps_DDRM.mult(motion, covariance, fp);
    CommonOps_DDRM.multTransB(fp, motion, covariance);
    for (int i = 0; i < 8; i++) {
      covariance.add(i, i, std[i] * std[i] * steps);
    }
  }

  /** Corrects the state with a measured box (x, y, a, h). */
  void update(double[] xyah) {
    double h = mean.get(3, 0);
    double[] std = {POSITION_WEIGHT * h, POSITION_WEIGHT * h, 1e-1, POSITION_WEIGHT * h};
    DMatrixRMaj projectedMean = new DMatrixRMaj(4, 1);
    CommonOps_DDRM.mult(PROJECTION, mean, projectedMean);
    DMatrixRMaj ph = new DMatrixRMaj(8, 4); // P H'
    CommonOps_DDRM.multTransB(covariance, PROJECTION, ph);
    DMatrixRMaj s = new DMatrixRMaj(4, 4); // H P H' + R
    CommonOps_DDRM.mult(PROJECTION, ph, s);
    for (int i = 0; i < 4; i++) {
      s.add(i, i, std[i] * std[i]);
    }
    // K = P H' S^-1, from S K' = (P H')' since S is symmetric
    DMatrixRMaj kt = new DMatrixRMaj(4, 8);
    if (!solver.setA(s.copy())) {
      return; // a degenerate box: keep the prediction
    }
    DMatrixRMaj hp = new DMatrixRMaj(4, 8);
    CommonOps_DDRM.transpose(ph, hp);
    solver.solve(hp, kt);
    DMatrixRMaj innovation = new DMatrixRMaj(4, 1);
    for (int i = 0; i < 4; i++) {
      innovation.set(i, 0, xyah[i] - projectedMean.get(i, 0));
    }
    DMatrixRMaj correction = new DMatrixRMaj(8, 1);
    CommonOps_DDRM.multTransA(kt, innovation, correction);
    CommonOps_DDRM.addEquals(mean, correction);
    DMatrixRMaj ks = new DMatrixRMaj(8, 4);
    CommonOps_DDRM.multTransA(kt, s, ks);
    DMatrixRMaj ksk = new DMatrixRMaj(8, 8);
    CommonOps_DDRM.mult(ks, kt, ksk);
    CommonOps_DDRM.subtractEquals(covariance, ksk);
  }

  /** The state's box as (x, y, a, h). */
  double[] xyah() {
    return new double[] {mean.get(0, 0), mean.get(1, 0), mean.get(2, 0), mean.get(3, 0)};
  }

  private static DMatrixRMaj motion(double steps) {
    DMatrixRMaj f = CommonOps_DDRM.identity(8);
    for (int i = 0; i < 4; i++) {
      f.set(i, i + 4, steps);
    }
    return f;
  }

  private static DMatrixRMaj projection() {
    DMatrixRMaj h = new DMatrixRMaj(4, 8);
    for (int i = 0; i < 4; i++) {
      h.set(i, i, 1);
    }
    return h;
  }
}
