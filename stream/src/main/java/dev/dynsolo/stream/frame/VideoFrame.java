package dev.dynsolo.stream.frame;

import dev.dynsolo.model.api.RgbImage;

/**
 * A frame on its way through the pipeline. Pixels are on the Java heap (copied off the grabber's
 * reused native buffer on the grabber thread), so a frame needs no closing and any thread may hold it.
 *
 * @param sourceId the source it came from
 * @param sequence 0, 1, 2, ... per source
 * @param timestampMicros presentation time in the source (for files) or capture time (live)
 * @param capturedNanos {@link System#nanoTime()} when it was grabbed, to measure frame age
 * @param image the pixels
 */
public record VideoFrame(String sourceId, long sequence, long timestampMicros, long capturedNanos, RgbImage image) {}
