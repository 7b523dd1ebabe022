package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.stream.frame.VideoFrame;

/**
 * A frame and its letterboxed model input, made before it reaches the inference worker.
 *
 * @param live from a live source: a newer frame may replace it (files never drop a frame)
 */
public record PreparedFrame(VideoFrame frame, LetterboxedImage input, boolean live) {}
