package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.stream.frame.VideoFrame;

/**
 * A frame with what the model found in it.
 *
 * @param frame the original frame
 * @param segmentation instances in frame coordinates
 * @param batchSize how many frames shared its inference call
 * @param inferenceMillis wall time of that call
 * @param ageMillis time from capture to the end of inference
 */
public record AnnotatedFrame(VideoFrame frame, Segmentation segmentation, int batchSize, double inferenceMillis,
    double ageMillis) {}
