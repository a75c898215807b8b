package org.distr1.mirrors.coordinator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distr1.mirrors.coordinator.ScriptProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trimmed benchmark world, for real ({@code config/scripts/bench/world.sh} with {@code
 * WORLD_QUICK}): network namespaces joined by the delay switch, the coordinator and the upstream in
 * Europe, one node in Oceania, a client in each region, both clients downloading at once. The
 * Oceanian client gets its download faster through the network than from the origin alone, no
 * answer is a 404 or older than the origin's version while the upstream publishes, and every
 * namespace is gone afterwards, also after Ctrl-C (sent while the JVM commands that build the
 * origin tree, the GeoIP database and the token still run beside the switch). Needs root (CI runs
 * as root); skipped otherwise.
 */
class WorldScriptIT {
  static final Path SCRIPT =
      Path.of("../config/scripts/bench/world.sh").toAbsolutePath().normalize();
  static final Pattern TAG = Pattern.compile("namespaces (dw[0-9a-f]+)-\\*");
  static final Pattern CHECKED =
      Pattern.compile(
          "network answers checked: (\\d+), 404: (\\d+), stale: (\\d+), other errors: (\\d+), of a published version: (\\d+)");

  @TempDir Path dir;
  World world;

  /** One run of the script. */
  static final class World {
    final ScriptProcess script;
    final Process process;
    final StringBuffer output;

    World(Path work) throws IOException {
      script =
          new ScriptProcess(
              SCRIPT,
              Map.of("WORLD_QUICK", "1", "WORLD_DIR", work.toString(), "WORLD_NO_BUILD", "1"));
      process = script.process;
      output = script.output;
    }

    /** The run's namespace tag, from its first line. */
    String tag() {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> TAG.matcher(output).find() || !process.isAlive());
      Matcher tag = TAG.matcher(output);
      assertThat(tag.find()).as(output.toString()).isTrue();
      return tag.group(1);
    }
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (world != null) {
      world.script.destroy();
    }
  }

  @Test
  void measuresBothRegionsWithoutStaleAnswersAndRemovesItsNamespaces() throws Exception {
    assumeRoot();
    world = new World(dir.resolve("world"));
    String tag = world.tag();
    int exit = world.script.awaitExit(Duration.ofMinutes(15));
    String output = world.output.toString();
    assertThat(exit).as(output).isZero();

    Matcher checked = CHECKED.matcher(output);
    assertThat(checked.find()).as(output).isTrue();
    assertThat(Integer.parseInt(checked.group(1))).as("answers checked").isGreaterThan(100);
    assertThat(List.of(checked.group(2), checked.group(3), checked.group(4)))
        .as("404s, stale, other errors")
        .containsOnly("0");
    assertThat(Integer.parseInt(checked.group(5)))
        .as("answers of the version published during the run")
        .isPositive();
    // a 4 MiB download over a 324 ms round trip, sharing the origin's uplink with Europe's
    // client, against one redirect and a 10 ms round trip to a mirror of its own
    assertThat(downloadMs(output, "Oceania", "network"))
        .as(output)
        .isLessThan(downloadMs(output, "Oceania", "origin only") / 2);
    assertThat(namespaces(tag)).as("namespaces left by %s", tag).isEmpty();
  }

  @Test
  void ctrlCStopsEverythingAndRemovesItsNamespaces() throws Exception {
    assumeRoot();
    world = new World(dir.resolve("world"));
    String tag = world.tag();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              assertThat(world.process.isAlive()).as("exited early:\n%s", world.output).isTrue();
              return world.output.indexOf("the switch is up") >= 0;
            });
    assertThat(namespaces(tag)).as("the world's namespaces while it runs").hasSizeGreaterThan(4);
    List<ProcessHandle> started = world.process.descendants().toList();
    assertThat(world.script.interrupt()).as(world.output.toString()).isEqualTo(130);
    assertThat(started)
        .allSatisfy(child -> assertThat(child.isAlive()).as(child.info().toString()).isFalse());
    assertThat(namespaces(tag)).as("namespaces left by %s", tag).isEmpty();
  }

  /** The download column of a row of the script's table. */
  static long downloadMs(String output, String region, String setup) {
    Matcher row =
        Pattern.compile(
                "\\| "
                    + region
                    + " \\| "
                    + Pattern.quote(setup)
                    + "[^|]* \\| [^|]+ \\| [^|]+ \\| (\\d+) \\|")
            .matcher(output);
    assertThat(row.find()).as("%s %s in:\n%s", region, setup, output).isTrue();
    return Long.parseLong(row.group(1));
  }

  static List<String> namespaces(String tag) throws Exception {
    Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return names.lines().filter(line -> line.startsWith(tag + "-")).toList();
  }

  static void assumeRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assumeThat(uid)
        .as("world.sh needs root for network namespaces (CI runs as root)")
        .isEqualTo("0");
  }
}
