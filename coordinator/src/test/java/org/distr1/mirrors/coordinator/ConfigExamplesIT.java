package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.distr1.mirrors.coordinator.allowlist.SocketDropIn;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file under {@code config/} that the docs tell people to use is checked by the program that
 * will read it: YAML by the application's own {@code check} command (parsing, environment
 * substitution, validation), systemd units by {@code systemd-analyze verify}, shell scripts by
 * {@code bash -n}, the rsyncd example by a real {@code rsync --daemon}. A file of a kind this test
 * does not know fails it, so nothing new goes untested.
 */
class ConfigExamplesIT {
  private static final Path CONFIG = Path.of("../config");
  private static final Path NODE_JAR = Path.of("../node/target/distri-node.jar");
  private static final Path COORDINATOR_JAR = Path.of("target/distri-coordinator.jar");

  /** Checked by a test of their own, next to the code they configure. */
  private static final Map<String, String> CHECKED_ELSEWHERE =
      Map.of(
          "nginx/distri-mirror.conf", "node NginxFrontIT runs it in Debian's nginx",
          "scripts/bench/report-ingestion.lua", "wrk script, run by report-ingestion.sh",
          "scripts/bench/world-switch.py",
              "the world's delay switch, run by world.sh in coordinator WorldScriptIT");

  @TempDir Path work;
  private Path demoWork;
  private Path worldWork;

  @Test
  void everyExampleIsReadByItsProgram() throws Exception {
    List<String> unknown = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(CONFIG)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    // the directories demo.sh makes before it starts anything (its DEMO_DIR)
    demoWork = Files.createDirectories(work.resolve("distri-demo"));
    for (String dir : List.of("logs", "geoip", "coordinator", "fra")) {
      Files.createDirectories(demoWork.resolve(dir));
    }
    // and those bench/world.sh makes (its WORLD_DIR)
    worldWork = Files.createDirectories(work.resolve("distri-world"));
    for (String dir : List.of("logs", "geoip", "coordinator", "node-eu")) {
      Files.createDirectories(worldWork.resolve(dir));
    }
    for (Path file : files) {
      String name = CONFIG.relativize(file).toString();
      if (CHECKED_ELSEWHERE.containsKey(name)) {
        continue;
      }
      if (name.startsWith("prometheus/")) {
        // alerting rules for a Prometheus server, checked by Prometheus's own tool
        assertSucceeds(name, "promtool", "check", "rules", file.toString());
      } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
        Path jar = file.getFileName().toString().contains("node") ? NODE_JAR : COORDINATOR_JAR;
        assertSucceeds(name, "java", "-jar", jar.toString(), "check", file.toString());
        if (name.startsWith("demo/")) {
          // demo.sh's variables pointed the check into this test's directory, not /tmp/distri-demo
          // each coordinator of the demo logs to logs/<its config's name>.log
          String config = file.getFileName().toString().replaceFirst("\\.yml$", "");
          Path log = demoWork.resolve(jar == NODE_JAR ? "fra/node.log" : "logs/" + config + ".log");
          assertThat(log).as(name + " logs below DEMO_WORK").exists();
        }
        if (name.startsWith("world/")) {
          // world.sh's coordinators log to logs/<config's name>[-<region>].log
          String config = file.getFileName().toString().replaceFirst("\\.yml$", "");
          Path log =
              worldWork.resolve(
                  jar == NODE_JAR
                      ? "node-eu/node.log"
                      : config.endsWith("regional")
                          ? "logs/" + config + "-oc.log"
                          : "logs/" + config + ".log");
          assertThat(log).as(name + " logs below WORLD_WORK").exists();
        }
      } else if (name.startsWith("systemd/rsyncd.socket.d/") && name.endsWith(".conf")) {
        // the socket drop-in allowlist-apply writes: exactly its canonical form, and systemd
        // reads it without a complaint beside the example socket unit
        SocketDropIn.parse(Files.readString(file), CidrPolicy.DEFAULT);
        Path units = Files.createDirectories(work.resolve("systemd"));
        Files.copy(CONFIG.resolve("systemd/rsyncd.socket"), units.resolve("rsyncd.socket"));
        Files.copy(CONFIG.resolve("systemd/rsyncd@.service"), units.resolve("rsyncd@.service"));
        Path dropIns = Files.createDirectories(units.resolve("rsyncd.socket.d"));
        Files.copy(file, dropIns.resolve(file.getFileName()));
        Result verify = run("systemd-analyze", "verify", units.resolve("rsyncd.socket").toString());
        assertThat(verify.exitCode()).as(name + ": " + verify.output()).isZero();
        assertThat(verify.output()).as(name + " warnings").isBlank();
      } else if (name.endsWith(".service") || name.endsWith(".timer") || name.endsWith(".socket")) {
        Result verify = run("systemd-analyze", "verify", file.toString());
        assertThat(verify.exitCode()).as(name + ": " + verify.output()).isZero();
        assertThat(verify.output()).as(name + " warnings").isBlank();
      } else if (name.endsWith(".sh")) {
        assertSucceeds(name, "bash", "-n", file.toString());
      } else if (name.endsWith(".py")) {
        // bench helpers: compiled without writing __pycache__ into config/
        assertSucceeds(
            name,
            "python3",
            "-c",
            "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')",
            file.toString());
      } else if (name.equals("demo/networks.txt")) {
        assertSucceeds(
            name,
            "java",
            "-jar",
            COORDINATOR_JAR.toString(),
            "geoip-build",
            file.toString(),
            work.resolve("demo-city.mmdb").toString());
      } else if (name.startsWith("rsyncd/") && name.endsWith(".conf")) {
        assertRsyncdServes(file);
      } else {
        unknown.add(name);
      }
    }
    assertThat(unknown)
        .as("config files no test reads; teach ConfigExamplesIT how to check them")
        .isEmpty();
  }

  /**
   * The rsyncd example with only its machine-specific paths moved into the test's directory: a real
   * daemon must load it, merge an allowlist fragment and serve the module to an admitted loopback
   * address.
   */
  private void assertRsyncdServes(Path example) throws Exception {
    Path module = Files.createDirectories(work.resolve("srv/repo.distr1.org/distri"));
    Files.writeString(module.resolve("README"), "distri\n");
    Files.setPosixFilePermissions(module, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        module.resolve("README"), PosixFilePermissions.fromString("rw-r--r--"));
    Path fragment = work.resolve("distri-allowlist.inc");
    Files.writeString(fragment, "hosts allow = 127.0.0.1/32\nhosts deny = *\n");
    String conf =
        Files.readString(example)
            .replace("/srv/repo.distr1.org/distri/", module + "/")
            .replace("/etc/rsyncd.d/distri-allowlist.inc", fragment.toString())
            .replace("/run/rsyncd.lock", work.resolve("rsyncd.lock").toString())
            .replace("/var/log/rsyncd.log", work.resolve("rsyncd.log").toString());
    Path rendered = work.resolve("rsyncd.conf");
    Files.writeString(rendered, conf);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process daemon =
        new ProcessBuilder(
                "rsync",
                "--daemon",
                "--no-detach",
                "--address=127.0.0.1",
                "--port=" + port,
                "--config=" + rendered)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("rsyncd.out").toFile())
            .start();
    try {
      String url = "rsync://127.0.0.1:" + port + "/distri/";
      int bound = port;
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () -> {
                try (Socket probe = new Socket("127.0.0.1", bound)) {
                  return true;
                }
              });
      Result listing = run("rsync", "--contimeout=5", url);
      assertThat(listing.exitCode())
          .as(
              "rsync %s: %s\n%s",
              url,
              listing.output(),
              Files.exists(work.resolve("rsyncd.log"))
                  ? Files.readString(work.resolve("rsyncd.log"))
                  : "")
          .isZero();
      assertThat(listing.output()).contains("README");
    } finally {
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void assertSucceeds(String name, String... command) throws Exception {
    Result result = run(command);
    assertThat(result.exitCode()).as(name + ": " + result.output()).isZero();
  }

  private record Result(int exitCode, String output) {}

  private Result run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // the examples' own defaults are checked, not whatever this machine's environment says
    builder
        .environment()
        .keySet()
        .removeIf(
            key ->
                key.startsWith("DISTRI_")
                    || key.startsWith("COORDINATOR_")
                    || key.startsWith("DEMO_")
                    || key.startsWith("WORLD_")
                    || key.equals("ORIGIN_ROOT")
                    || key.equals("UPSTREAM_HOST")
                    || key.equals("GEOIP_CITY")
                    || key.equals("ALLOWLIST_FRAGMENT"));
    // the demo's files are read the way demo.sh runs them: with its work directory, here the test's
    // own
    builder.environment().put("DEMO_WORK", demoWork.toString());
    builder.environment().put("DEMO_NODE_DIR", demoWork.resolve("fra").toString());
    builder.environment().put("WORLD_WORK", worldWork.toString());
    builder.environment().put("WORLD_NODE_DIR", worldWork.resolve("node-eu").toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as(String.join(" ", command) + " finished")
        .isTrue();
    return new Result(process.exitValue(), output);
  }
}
