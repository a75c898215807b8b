package org.distr1.mirrors.coordinator.routing.probe;

import java.util.HashMap;
import java.util.Map;
import org.distr1.mirrors.coordinator.registry.ProbeReadings;

/** The tracker's per-mirror state as the registry's public list reads it. */
public record TrackerReadings(ProbeTracker tracker) implements ProbeReadings {

  @Override
  public Map<Long, Reading> current() {
    Map<Long, Reading> readings = new HashMap<>();
    tracker.states().forEach((id, state) ->
        readings.put(id, new Reading(state.up(), state.probedAt(), tracker.lastFailure(id))));
    return readings;
  }
}
