package dev.dynsolo.stream.hub;

/**
 * A recording file.
 *
 * @param name the file's name in the recordings directory
 * @param stream the stream it belongs to
 * @param bytes its size
 * @param modifiedMillis when it was last written
 * @param active whether it is still being written
 */
public record Recording(String name, String stream, long bytes, long modifiedMillis, boolean active) {}
