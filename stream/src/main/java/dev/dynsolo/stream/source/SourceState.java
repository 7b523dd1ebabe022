package dev.dynsolo.stream.source;

/** Where a source is in its life; live sources cycle through RECONNECTING and LIVE. */
public enum SourceState {
  CONNECTING,
  LIVE,
  RECONNECTING,
  ENDED,
  FAILED
}
