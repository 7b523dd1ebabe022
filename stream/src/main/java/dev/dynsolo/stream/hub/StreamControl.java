package dev.dynsolo.stream.hub;

import dev.dynsolo.stream.source.SourceSpec;
import dev.dynsolo.stream.track.TrackView;
import dev.dynsolo.stream.zone.ZoneSettings;
import java.util.List;
import java.util.Optional;

/** Adding, removing and listing streams, as the streams API needs it. */
public interface StreamControl {

  /** Opens and starts a stream; throws {@link StreamRefused} if the name is taken, at capacity or shutting down. */
  StreamView add(SourceSpec spec);

  /** Opens and starts a stream with zones and lines whose events and counts it reports. */
  StreamView add(SourceSpec spec, ZoneSettings zones);

  /** Replaces a stream's zones and lines at run time (their counts start again). */
  ZoneView setZones(String id, ZoneSettings zones);

  /** A stream's zones and lines with their live counts. */
  ZoneView zones(String id);

  /** Stops and removes a stream, finalising its recording; false if there is no such stream. */
  boolean remove(String id);

  List<StreamView> streams();

  Optional<StreamView> stream(String id);

  /** A stream's confirmed tracks in its latest frame; throws {@link java.util.NoSuchElementException} for an unknown stream. */
  List<TrackView> tracks(String id);
}
