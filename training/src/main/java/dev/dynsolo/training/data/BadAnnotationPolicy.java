package dev.dynsolo.training.data;

/** What to do with an annotation or image that cannot be used. */
public enum BadAnnotationPolicy {
  /** Stop with a message naming the file and the annotation. */
  FAIL,
  /** Leave it out, count it, and report the count (and the first few reasons). */
  SKIP
}
