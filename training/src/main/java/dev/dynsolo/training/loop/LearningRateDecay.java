package dev.dynsolo.training.loop;

/**
 * How the learning rate falls after warm-up: {@code STEP} multiplies it by 0.1 at each decay epoch
 * (the reference); {@code LINEAR} lowers it in a straight line to 1 % at the last step, which
 * suits short, fixed time budgets.
 */
public enum LearningRateDecay {
  STEP,
  LINEAR
}
