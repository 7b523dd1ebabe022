package dev.dynsolo.stream.hub;

import dev.dynsolo.stream.source.SourceStatus;
import java.util.Map;

/**
 * What a status display shows of one stream.
 *
 * @param id the stream's name
 * @param kind file, images, rtsp, http, webcam or demo
 * @param location where it comes from, with any password hidden
 * @param live whether it is a live source (keeps the newest frames)
 * @param status the source's state and counts
 * @param fps annotated frames per second reaching the sinks
 * @param latencyMillis capture to end of inference of the latest frame
 * @param inferredFrames frames that went through the model
 * @param recording whether a recording is being written
 * @param error why the stream stopped, or null
 * @param faults the stream's sinks that are failing now (recording, overlay, live view, events) and why;
 *     they are tried again while the stream goes on
 */
public record StreamView(String id, String kind, String location, boolean live, SourceStatus status, double fps,
    double latencyMillis, long inferredFrames, boolean recording, String error, Map<String, String> faults) {}
