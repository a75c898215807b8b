package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake on the command line of either program is told in one line that says what to fix,
 * never with a stack trace around it.
 */
class UserMistakesIT {
  private static final Path NODE_JAR = Path.of("../node/target/distri-node.jar");
  private static final Path COORDINATOR_JAR = Path.of("target/distri-coordinator.jar");

  @TempDir Path dir;

  @Test
  void aMissingConfigurationFileIsOneLine() throws Exception {
    Path missing = dir.resolve("coordinator.yml");
    for (Path jar : List.of(COORDINATOR_JAR, NODE_JAR)) {
      String output = failing("java", "-jar", jar.toString(), "server", missing.toString());
      assertThat(output.strip())
          .as(jar + ": " + output)
          .isEqualTo("File " + missing + " not found");
    }
  }

  @Test
  void aBadGeoipBuildLineIsOneLine() throws Exception {
    Path networks = Files.writeString(dir.resolve("networks.txt"), "198.51.100.0/24 DE EU\n");
    String output =
        failing(
            "java",
            "-jar",
            COORDINATOR_JAR.toString(),
            "geoip-build",
            networks.toString(),
            dir.resolve("city.mmdb").toString());
    assertThat(output.strip())
        .as(output)
        .startsWith("geoip-build: line 1: expected NETWORK COUNTRY")
        .doesNotContain("\n");
    String missing =
        failing(
            "java",
            "-jar",
            COORDINATOR_JAR.toString(),
            "geoip-build",
            dir.resolve("none.txt").toString(),
            dir.resolve("city.mmdb").toString());
    assertThat(missing.strip()).isEqualTo("geoip-build: no such file: " + dir.resolve("none.txt"));
  }

  private static String failing(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output).doesNotContain("\tat ");
    return output;
  }
}
