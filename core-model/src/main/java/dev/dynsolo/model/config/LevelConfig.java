package dev.dynsolo.model.config;

/**
 * One pyramid level of the SOLO head.
 *
 * @param fpnLevel which FPN output feeds it: 2..6 for P2..P6
 * @param grid S, the number of cells per side of the category grid
 * @param stride the small-mask filter: masks with area at most this many pixels at 1/4 scale are
 *     dropped at inference (counted in 1/4-scale pixels whatever the mask stride)
 * @param scaleMin smallest sqrt(w*h) of an instance, in input pixels, assigned to this level
 *     (inclusive)
 * @param scaleMax largest sqrt(w*h) assigned to this level (inclusive)
 */
public record LevelConfig(int fpnLevel, int grid, int stride, int scaleMin, int scaleMax) {

  public LevelConfig {
    if (fpnLevel < 2 || fpnLevel > 6) {
      throw new InvalidConfigException("levels.fpnLevel", fpnLevel, "must be 2..6 (P2..P6)");
    }
    Check.positive("levels.grid", grid);
    Check.positive("levels.stride", stride);
    Check.positive("levels.scaleMin", scaleMin);
    if (scaleMax < scaleMin) {
      throw new InvalidConfigException("levels.scaleMax", scaleMax, "must be >= scaleMin " + scaleMin);
    }
  }
}
