package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real node as an operator runs it, for the tests that enroll and start one: its {@code enroll}
 * command line, its configuration file, its {@code server} process.
 */
final class NodeCommands {
  static final Path NODE_JAR = Path.of("../node/target/distri-node.jar").toAbsolutePath();

  private NodeCommands() {}

  /**
   * {@code enroll} of a mirror in Frankfurt with 10 Gbit/s whose rsync comes from 127.0.0.1, after
   * {@code launcher} (e.g. {@code java -jar node.jar}).
   */
  static List<String> enroll(
      List<String> launcher, int coordinatorPort, String name, String baseUrl, Path tokenFile) {
    return concat(
        launcher,
        List.of(
            "enroll",
            "--coordinator",
            "http://127.0.0.1:" + coordinatorPort,
            "--name",
            name,
            "--base-url",
            baseUrl,
            "--contact",
            "ops@example.org",
            "--bandwidth-mbps",
            "10000",
            "--rsync-source",
            "127.0.0.1",
            "--country",
            "DE",
            "--continent",
            "EU",
            "--latitude",
            "50.1",
            "--longitude",
            "8.7",
            "--token-file",
            tokenFile.toString()));
  }

  /** The same, launched as {@code java -jar node.jar}. */
  static List<String> enroll(int coordinatorPort, String name, String baseUrl, Path tokenFile) {
    return enroll(
        List.of("java", "-jar", NODE_JAR.toString()), coordinatorPort, name, baseUrl, tokenFile);
  }

  /**
   * Writes {@code node.yml} into {@code dir}: sync from {@code upstream} into {@code dir/root}
   * hourly, report to {@code coordinatorPort} every second, serve on loopback.
   *
   * @param adminPort 0 for any
   */
  static Path config(
      Path dir,
      String upstream,
      int coordinatorPort,
      Path tokenFile,
      Duration reportTimeout,
      int port,
      int adminPort)
      throws Exception {
    Path config = dir.resolve("node.yml");
    Files.writeString(
        config,
        """
        sync:
          upstream: %s
          mirrorRoot: %s
          interval: 1 hour
        reporting:
          coordinator: http://127.0.0.1:%d
          tokenFile: %s
          interval: 1 second
          timeout: %d seconds
        server:
          applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          adminConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          requestLog: {appenders: []}
        logging: {level: WARN}
        """
            .formatted(
                upstream,
                dir.resolve("root"),
                coordinatorPort,
                tokenFile,
                reportTimeout.toSeconds(),
                port,
                adminPort));
    return config;
  }

  /** {@code server} with {@code config}, its output in {@code node.log} beside it. */
  static Process start(Path config) throws Exception {
    return new ProcessBuilder("java", "-jar", NODE_JAR.toString(), "server", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(config.resolveSibling("node.log").toFile())
        .start();
  }

  /** Runs a command to its end (at most two minutes) and returns its output; it must succeed. */
  static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
