package dev.dynsolo.app.config;

import dev.dynsolo.stream.source.FramePolicy;
import dev.dynsolo.stream.source.SourceSpec;
import dev.dynsolo.stream.zone.ZoneSettings;
import java.util.List;

/**
 * One entry of {@code streams:}, also the body of {@code POST /api/streams}.
 *
 * @param name the stream's id (letters, digits, '.', '_', '-')
 * @param source demo, a file or folder, rtsp://, http(s):// or /dev/videoN
 * @param targetFps frames per second to keep (null or 0 = all)
 * @param everyNth files: every n-th frame (null = 1)
 * @param rtspTransport tcp or udp (null = tcp)
 * @param policy auto, latest or lossless (null = auto; see {@link FramePolicy})
 * @param record start recording at once (null = no)
 * @param loop files: play again from the start at the end (null = no)
 * @param zones polygonal zones whose entries, exits and long stays are reported (null = none)
 * @param lines directed lines whose crossings are counted (null = none)
 */
public record StreamSection(String name, String source, Double targetFps, Integer everyNth, String rtspTransport,
    String policy, Boolean record, Boolean loop, List<ZoneSettings.Zone> zones, List<ZoneSettings.Line> lines) {

  public StreamSection {
    spec(name, source, targetFps, everyNth, rtspTransport, policy, loop);
    zoneSettings(zones, lines);
  }

  /** The stream's zones and lines (checked: names, points). */
  public ZoneSettings zoneSettings() {
    return zoneSettings(zones, lines);
  }

  private static ZoneSettings zoneSettings(List<ZoneSettings.Zone> zones, List<ZoneSettings.Line> lines) {
    return new ZoneSettings(zones, lines);
  }

  /** The source description (checks the scheme and that a file exists). */
  public SourceSpec spec() {
    return spec(name, source, targetFps, everyNth, rtspTransport, policy, loop);
  }

  /** Whether to record from the start. */
  public boolean recordAtStart() {
    return Boolean.TRUE.equals(record);
  }

  private static SourceSpec spec(String name, String source, Double targetFps, Integer everyNth, String transport,
      String policy, Boolean loop) {
    if (name == null) {
      throw new IllegalArgumentException("stream name is required");
    }
    return SourceSpec.parse(name, source)
        .withTargetFps(targetFps == null ? 0 : targetFps)
        .withEveryNth(everyNth == null ? 1 : everyNth)
        .withRtspTransport(transport == null ? "tcp" : transport)
        .withPolicy(FramePolicy.parse(policy))
        .withLoop(Boolean.TRUE.equals(loop));
  }
}
