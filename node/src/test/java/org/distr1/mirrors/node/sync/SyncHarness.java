package org.distr1.mirrors.node.sync;

import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Builds sync services against a test upstream and inspects a mirror root. */
final class SyncHarness {

  final MetricRegistry metrics = new MetricRegistry();
  final Path root;
  final SyncService service;

  SyncHarness(String upstream, Path root, Duration grace, boolean siblings, String... options) {
    this.root = root;
    var factory = new SyncFactory();
    factory.upstream = upstream;
    factory.mirrorRoot = root.toString();
    factory.gracePeriod = grace;
    factory.generateSiblings = siblings;
    factory.connectTimeout = Duration.seconds(5);
    factory.ioTimeout = Duration.seconds(60);
    factory.extraRsyncOptions = List.of(options);
    this.service = factory.build(metrics);
  }

  /** Passes run so far. */
  long passes() {
    return metrics.timer("node.sync.duration").getCount();
  }

  /** Starts the service and waits for the pass that starting it runs. */
  SyncResult start() throws IOException {
    service.start();
    return awaitPassesAfter(0);
  }

  /** Triggers a pass and waits until it (and any pass it caused) has finished. */
  SyncResult syncAndWait() {
    long before = passes();
    service.trigger();
    return awaitPassesAfter(before);
  }

  /** Waits until more than {@code before} passes ran and none is running or pending. */
  SyncResult awaitPassesAfter(long before) {
    await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> passes() > before && service.status().state() != SyncStatus.State.SYNCING);
    return service.status().lastResult();
  }

  Path current() throws IOException {
    return root.resolve("current").toRealPath();
  }

  String currentId() throws IOException {
    return Files.readSymbolicLink(root.resolve("current")).getFileName().toString();
  }

  Path freshness(String host) {
    return root.resolve("_mirror/last-sync-from").resolve(host);
  }

  List<String> snapshotDirs() throws IOException {
    try (Stream<Path> list = Files.list(root.resolve("snapshots"))) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
