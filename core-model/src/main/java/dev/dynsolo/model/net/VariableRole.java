package dev.dynsolo.model.net;

/** What a variable is for: learned by gradient descent, or fixed statistics (frozen BN). */
public enum VariableRole {
  TRAINABLE,
  STATISTIC
}
