package org.distr1.mirrors.coordinator.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distr1.mirrors.shared.sample.SampleRepository;

/**
 * Which commit {@code master} pointed to when, as the publisher that moves it saw it, so that an
 * answer can be checked against the origin's bytes at the time of its request. A publication moves
 * {@code master} at some instant inside {@link SampleRepository#publish()}; not knowing which, a
 * commit counts as current from the start of the publication that made it to the end of the one
 * that replaced it. Commit directories never change once published, so the bytes of any moment can
 * be read afterwards.
 */
final class MasterHistory {
  private static final String MASTER = "distri/master/";

  /** {@code commit} was, or may have been, {@code master} between these {@link System#nanoTime}. */
  private record Span(String commit, long from, long until) {}

  private final SampleRepository repo;
  private final List<Span> spans = new ArrayList<>(); // guarded by this
  private final List<Long> took = new ArrayList<>(); // guarded by this, nanoseconds

  MasterHistory(SampleRepository repo) throws IOException {
    this.repo = repo;
    spans.add(new Span(repo.master(), Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** Publishes a new commit (one package in a new version, new indexes) and moves master to it. */
  void publish() throws IOException {
    long start = System.nanoTime();
    String commit = repo.publish();
    long end = System.nanoTime();
    synchronized (this) {
      Span last = spans.remove(spans.size() - 1);
      spans.add(new Span(last.commit(), last.from(), end));
      spans.add(new Span(commit, start, Long.MAX_VALUE));
      took.add(end - start);
    }
  }

  /** How long publications took: median and longest, in seconds. */
  synchronized String durations() {
    if (took.isEmpty()) {
      return "none";
    }
    List<Long> sorted = took.stream().sorted().toList();
    return String.format(
        "median %.2f s, longest %.2f s",
        sorted.get(sorted.size() / 2) / 1e9, sorted.get(sorted.size() - 1) / 1e9);
  }

  /** Whether a publication had moved master before {@code nanoTime}. */
  synchronized boolean movedBefore(long nanoTime) {
    return spans.get(0).until() < nanoTime;
  }

  synchronized int publications() {
    return spans.size() - 1;
  }

  /**
   * Whether {@code body} is what {@code path} (below {@code distri/master/}) held at the origin at
   * some moment between {@code start} and {@code end}.
   */
  boolean matches(String path, long start, long end, byte[] body) throws IOException {
    if (!path.startsWith(MASTER)) {
      throw new IllegalArgumentException("not a path below " + MASTER + ": " + path);
    }
    List<String> commits;
    synchronized (this) {
      commits =
          spans.stream()
              .filter(span -> span.from() <= end && span.until() >= start)
              .map(Span::commit)
              .toList();
    }
    for (String commit : commits) {
      Path file = repo.root().resolve(commit).resolve(path.substring(MASTER.length()));
      if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), body)) {
        return true;
      }
    }
    return false;
  }
}
