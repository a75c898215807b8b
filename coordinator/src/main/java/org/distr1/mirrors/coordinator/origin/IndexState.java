package org.distr1.mirrors.coordinator.origin;

/**
 * The origin index's state row.
 *
 * @param version the newest version any file row carries
 * @param files how many file rows the index holds at that version
 * @param confirmedAtMillis when the writer last confirmed that the rows are its current view (its
 *     clock)
 */
public record IndexState(long version, long files, long confirmedAtMillis) {}
