package dev.dynsolo.stream.source;

/**
 * A snapshot of a source for status displays and readiness.
 *
 * @param state where the source is
 * @param frames frames delivered
 * @param dropped frames replaced by newer ones before the pipeline took them (live sources)
 * @param reconnects reconnections after the source was live
 * @param lastError the latest problem, or null
 */
public record SourceStatus(SourceState state, long frames, long dropped, long reconnects, String lastError) {}
