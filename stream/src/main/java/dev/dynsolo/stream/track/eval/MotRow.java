package dev.dynsolo.stream.track.eval;

/**
 * One line of a MOTChallenge file: a box of an object in a frame.
 *
 * @param frame 1-based frame number
 * @param id the object's (ground truth) or track's (tracker output) id
 * @param left left edge in pixels
 * @param top top edge in pixels
 * @param width box width
 * @param height box height
 * @param confidence the detection's score (tracker output) or 1 (ground truth)
 */
public record MotRow(int frame, long id, double left, double top, double width, double height, double confidence) {}
