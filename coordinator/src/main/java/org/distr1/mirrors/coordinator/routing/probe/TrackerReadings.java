package org.distr1.mirrors.coordinator.routing.probe;

import java.util.HashMap;
import java.util.Map;
import org.distr1.mirrors.coordinator.registry.ProbeReadings;

/** The tracker's per-mirror state (one consistent copy) as the registry's public list reads it. */
public record TrackerReadings(ProbeTracker tracker) implements ProbeReadings {

  @Override
  public Map<Long, Reading> current() {
    Map<Long, Reading> readings = new HashMap<>();
    for (ProbeRecord record : tracker.records()) {
      readings.put(record.mirrorId(), new Reading(record.up(), record.probedAt(), record.lastFailure()));
    }
    return readings;
  }
}
