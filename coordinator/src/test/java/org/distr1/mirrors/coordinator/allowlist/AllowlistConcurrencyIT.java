package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.testing.RsyncDaemon;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 maintainers × 25 edits at once, while one thread re-parses the fragment file and a real rsync
 * client connects from an address that stays allowed throughout: rsyncd must never see a torn file
 * (it would refuse or fail), and at the end file, database and export agree.
 */
@Tag("database")
class AllowlistConcurrencyIT {

  private static final int THREADS = 8;
  private static final int EDITS = 25;

  // expiry/reconcile ticks would only add lock contention here
  @RegisterExtension static final AllowlistApp APP = new AllowlistApp("10s");

  @TempDir Path dir;

  @Test
  void concurrentEditsNeverTearTheFileAndEndEqualToTheDatabase() throws Exception {
    APP.added("127.0.0.2");
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
    AtomicBoolean editing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger parses = new AtomicInteger();
    AtomicInteger listings = new AtomicInteger();
    try (RsyncDaemon daemon = FragmentRsyncd.start(dir, "127.0.0.1", APP.fragment)) {
      Future<?> reader =
          pool.submit(
              () -> {
                while (editing.get()) {
                  try {
                    AllowlistResourceTest.networks(Files.readString(APP.fragment));
                    parses.incrementAndGet();
                    // pacing, not synchronization: a spinning reader would starve the server of a
                    // core
                    LockSupport.parkNanos(1_000_000);
                  } catch (Exception e) {
                    problems.add("fragment did not parse: " + e);
                  }
                }
              });
      Future<?> client =
          pool.submit(
              () -> {
                while (editing.get()) {
                  RsyncClient.Result result = RsyncClient.list(daemon.url(), "127.0.0.2");
                  if (!result.listed()) {
                    problems.add("rsync from an allowed address failed: " + result.output());
                  }
                  listings.incrementAndGet();
                }
                return null;
              });

      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> editors = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        editors.add(
            pool.submit(
                () -> {
                  start.await();
                  edit(thread, problems);
                  return null;
                }));
      }
      long began = System.nanoTime();
      start.countDown();
      for (Future<?> editor : editors) {
        editor.get(5, TimeUnit.MINUTES);
      }
      System.out.printf(
          "edits took %d ms, %d parses, %d rsync listings%n",
          (System.nanoTime() - began) / 1_000_000, parses.get(), listings.get());
      editing.set(false);
      reader.get(1, TimeUnit.MINUTES);
      client.get(1, TimeUnit.MINUTES);

      assertThat(problems).isEmpty();
      assertThat(parses.get()).isPositive();
      assertThat(listings.get()).isPositive();

      List<String> inFile = AllowlistResourceTest.networks(Files.readString(APP.fragment));
      List<String> inDatabase =
          APP.databaseNetworks().stream()
              .map(c -> Cidr.parse(c, AllowlistResourceTest.LOOSE))
              .sorted()
              .map(Object::toString)
              .toList();
      // each editor keeps 13 of its 25 additions (the odd ones and the last), plus 127.0.0.2
      assertThat(inFile).hasSize(THREADS * 13 + 1).isEqualTo(inDatabase);
      assertThat(APP.export("text", APP.readerToken()).body())
          .isEqualTo(String.join("\n", inFile) + "\n");
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.2").listed()).isTrue();
      assertThat(RsyncClient.list(daemon.url(), "127.0.0.3").refused()).isTrue();
    } finally {
      editing.set(false);
      pool.shutdownNow();
    }
  }

  /** Adds 25 addresses of its own; every second edit also removes the previous addition. */
  private static void edit(int thread, ConcurrentLinkedQueue<String> problems) {
    long previous = -1;
    for (int i = 0; i < EDITS; i++) {
      String address = "198.51.100." + (thread * EDITS + i + 1);
      AllowlistApp.Reply reply = APP.add(address);
      if (reply.status() != 201) {
        problems.add("add " + address + ": " + reply.status() + " " + reply.body());
        continue;
      }
      if (i % 2 == 1) {
        int status = APP.remove(previous).status();
        if (status != 200) {
          problems.add("remove #" + previous + ": " + status);
        }
      }
      previous = reply.id();
    }
  }
}
