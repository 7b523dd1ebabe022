package dev.dynsolo.stream.sink;

/**
 * An annotated frame as the live view receives it.
 *
 * @param stream the stream's id
 * @param sequence the frame's number in its stream
 * @param jpeg the annotated frame
 * @param metadata JSON: the frame's instances (class, score, box, polygons) and the stream's figures
 */
public record PublishedFrame(String stream, long sequence, byte[] jpeg, String metadata) {}
