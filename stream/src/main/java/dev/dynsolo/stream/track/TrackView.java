package dev.dynsolo.stream.track;

import dev.dynsolo.model.api.Box;

/**
 * A confirmed track as the API shows it.
 *
 * @param id the track's id, unique within its stream
 * @param className the class of its detections
 * @param score the latest detection's score
 * @param box the latest detection's box
 * @param firstFrame the stream frame (counted by the tracker from 1) where it started
 * @param lastFrame the latest frame it was seen in
 */
public record TrackView(long id, String className, float score, Box box, long firstFrame, long lastFrame) {}
