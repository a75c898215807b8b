package org.distr1.mirrors.coordinator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 3, between a real node and a real rsync daemon: the upstream publishes (new
 * packages, then an index naming them, by rename, as distri's autobuilder does) while the node
 * syncs, slowed by {@code --bwlimit} so that the publication falls inside the sync. The index is
 * distri's {@code MirrorMeta} ({@code pb/mirrormeta.proto}). The published snapshot must never hold
 * an index naming a package it lacks.
 */
class LiveUpstreamIT {
  /** In the module root, as distri lays it out (served at /distri/jackherer/pkg/). */
  private static final String PKG = "jackherer/pkg/";

  @TempDir Path dir;

  @Test
  void aSnapshotNeverPublishesAnIndexNamingPackagesItLacks() throws Exception {
    Path upstream = dir.resolve("upstream");
    Files.createDirectories(upstream.resolve(PKG));
    List<String> names = new ArrayList<>();
    Random random = new Random(14);
    writeIndex(upstream, names);
    try (RsyncDaemon daemon = RsyncDaemon.builder(upstream).start();
        NodeProcess node = new NodeProcess(dir.resolve("node"), daemon.url(), "[--bwlimit=400]")) {
      node.start();
      Instant first = node.awaitSyncAfter(null);
      for (int i = 0; i < 8; i++) { // named before meta.binaryproto: rsync sends them first
        names.add(image(upstream, "aa" + i + "-amd64-1.0-1", 384 * 1024, random));
      }
      writeIndex(upstream, names);
      node.syncNow();
      // the file list is made: publish while the packages are still on their way
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                JsonNode status = node.status();
                return status != null && status.path("progress").path("bytes").asLong() > 0;
              });
      for (int i = 0; i < 4; i++) {
        names.add(image(upstream, "new" + i + "-amd64-2.0-1", 2048, random));
      }
      writeIndex(upstream, names);
      node.awaitSyncAfter(first);

      List<String> named =
          IndexNames.of(Files.readAllBytes(node.current().resolve(PKG + "meta.binaryproto")));
      long missing =
          named.stream()
              .filter(n -> !Files.exists(node.current().resolve(PKG + n + ".squashfs")))
              .count();
      System.out.printf(
          "issue 14 item 3: the published index names %d packages, %d of them missing%n",
          named.size(), missing);
      assertThat(named).hasSize(12); // the sync took in the publication
      assertThat(missing).isZero();
    }
  }

  private static String image(Path upstream, String name, int size, Random random)
      throws Exception {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    Files.write(upstream.resolve(PKG + name + ".squashfs"), bytes);
    Files.writeString(upstream.resolve(PKG + name + ".meta.textproto"), "version: \"1\"\n");
    return name;
  }

  /** A {@code MirrorMeta}: {@code repeated Package package = 1 { optional string name = 1; }}. */
  private static void writeIndex(Path upstream, List<String> names) throws Exception {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    for (String name : names) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      meta.write(1 << 3 | 2);
      meta.write(bytes.length + 2);
      meta.write(1 << 3 | 2);
      meta.write(bytes.length);
      meta.writeBytes(bytes);
    }
    Path next = upstream.resolve(PKG + ".meta.binaryproto.new");
    Files.write(next, meta.toByteArray());
    Files.move(
        next,
        upstream.resolve(PKG + "meta.binaryproto"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads the names back, independently of the node's own reader. */
  private static final class IndexNames {
    static List<String> of(byte[] meta) {
      List<String> names = new ArrayList<>();
      for (int at = 0; at < meta.length; ) {
        assertThat(meta[at]).isEqualTo((byte) (1 << 3 | 2));
        int length = meta[at + 1];
        int nameLength = meta[at + 3];
        names.add(new String(meta, at + 4, nameLength, StandardCharsets.UTF_8));
        at += 2 + length;
      }
      return names;
    }
  }
}
