package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.stream.frame.VideoFrame;

/** A frame and its letterboxed model input, made before it reaches the inference worker. */
public record PreparedFrame(VideoFrame frame, LetterboxedImage input) {}
