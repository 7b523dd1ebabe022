package dev.dynsolo.stream.hub;

import dev.dynsolo.stream.zone.ZoneMonitor;
import dev.dynsolo.stream.zone.ZoneSettings;

/**
 * A stream's zones and lines as the API shows them.
 *
 * @param settings the zones and lines
 * @param counts objects inside each zone and crossings of each line, by class (null without zones)
 */
public record ZoneView(ZoneSettings settings, ZoneMonitor.Counts counts) {}
