package org.distr1.mirrors.coordinator.origin;

/**
 * What routing knows of the origin's files: the tree beside this coordinator ({@link OriginIndex}),
 * or, for a regional coordinator far from it, the index the coordinator beside the tree writes to
 * the database ({@link ReplicatedOrigin}).
 */
public sealed interface Origin permits OriginIndex, ReplicatedOrigin {

  OriginTree current();

  /** Called after every change of {@link #current()}. */
  void addListener(Runnable listener);

  /**
   * Whether a mutable file as a routing snapshot knows it may still go to a mirror holding that
   * content: false sends the request to the origin.
   */
  boolean unchanged(OriginFile file);
}
