package org.distr1.mirrors.coordinator.registry;

import static org.awaitility.Awaitility.await;

import io.dropwizard.db.DataSourceFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.TestDatabase;

/** The coordinator fat jar as a real process on a loopback port, with its own database. */
public final class CoordinatorProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target/distri-coordinator.jar").toAbsolutePath();

  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;

  /**
   * @param registryYaml more keys of the {@code registry:} section, indented by two spaces
   * @param extraYaml more top-level sections
   */
  public CoordinatorProcess(Path dir, String registryYaml, String extraYaml) throws IOException {
    this(dir, dir.resolve("db"), registryYaml, extraYaml);
  }

  /**
   * @param databaseDir whose {@link TestDatabase} it uses; several processes may share one
   */
  public CoordinatorProcess(Path dir, Path databaseDir, String registryYaml, String extraYaml)
      throws IOException {
    this(dir, TestDatabase.factory(databaseDir), registryYaml, extraYaml);
  }

  /**
   * @param database a database of the test's own (e.g. on a PostgreSQL server it stops)
   */
  public CoordinatorProcess(
      Path dir, DataSourceFactory database, String registryYaml, String extraYaml)
      throws IOException {
    this.dir = dir;
    this.port = freePort();
    this.config = dir.resolve("coordinator.yml");
    Files.writeString(
        config,
        """
        server:
          applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: %d}]
          adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]
          requestLog: {appenders: []}
        logging:
          level: WARN
          appenders: [{type: file, currentLogFilename: %s, archive: false}]
        database:
          driverClass: %s
          url: "%s"
          user: %s
          password: ""
        registry:
          allowNonPublicAddresses: true
          enrollmentBurst: 100000
        %s
        allowlist:
          allowNonPublicAddresses: true
        """
                .formatted(
                    port,
                    dir.resolve("coordinator.log"),
                    database.getDriverClass(),
                    database.getUrl(),
                    database.getUser(),
                    registryYaml.stripTrailing())
            + extraYaml);
  }

  public int port() {
    return port;
  }

  public String api() {
    return "http://127.0.0.1:" + port + "/api";
  }

  /**
   * Runs a coordinator command (e.g. {@code maintainer-token create alice}) and returns its output.
   */
  public String command(String... args) throws IOException, InterruptedException {
    CommandResult result = tryCommand(args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("command failed: " + result.output());
    }
    return result.output();
  }

  /** What a command printed (stdout and stderr) and its exit code. */
  public record CommandResult(int exitCode, String output) {}

  public CommandResult tryCommand(String... args) throws IOException, InterruptedException {
    return tryCommand(List.of(), args);
  }

  /** {@link #tryCommand(String...)} with JVM flags before {@code -jar}. */
  public CommandResult tryCommand(List<String> jvmFlags, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    command.add(config.toString());
    Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes());
    if (!run.waitFor(120, TimeUnit.SECONDS)) {
      run.destroyForcibly();
      throw new IllegalStateException("command did not finish: " + String.join(" ", args));
    }
    return new CommandResult(run.exitValue(), output);
  }

  /** The coordinator's log file. */
  public Path log() {
    return dir.resolve("coordinator.log");
  }

  public void start() throws IOException {
    process =
        new ProcessBuilder("java", "-jar", JAR.toString(), "server", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "coordinator exited: " + Files.readString(dir.resolve("stdout.log")));
              }
              try {
                return http.send(
                            HttpRequest.newBuilder(URI.create(api() + "/v1/mirrors")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException e) {
                return false;
              }
            });
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
