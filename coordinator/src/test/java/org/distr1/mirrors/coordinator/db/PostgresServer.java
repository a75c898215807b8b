package org.distr1.mirrors.coordinator.db;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) in its own temporary directory, on
 * a free loopback port, run as an unprivileged user: initdb refuses to run as root.
 *
 * <p>The server runs under a small shell that stops it when its standard input closes, so it goes
 * with the JVM that started it even when that JVM is killed; {@link #close()} does the same on
 * purpose and removes the directory.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String SUPERUSER = "distri";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Stops the server (fast shutdown) once stdin ends, and removes its directory unless told {@code
   * keep} first.
   */
  private static final String WATCHDOG =
      "dir=$1; shift; \"$@\" </dev/null & pid=$!; read -r keep;"
          + " kill -INT $pid; wait $pid; [ \"$keep\" = keep ] || rm -rf \"$dir\"";

  private final Path dir;
  private final String user;
  private final List<String> command;
  private final int port;
  private final Process process;
  private final OutputStream lifeline;

  private PostgresServer(Path dir, String user, List<String> command, int port) throws IOException {
    this.dir = dir;
    this.user = user;
    this.command = command;
    this.port = port;
    List<String> full = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "sh", dir.toString()));
    full.addAll(command);
    full.addAll(List.of("-p", Integer.toString(port)));
    this.process =
        new ProcessBuilder(asUser(user, full.toArray(String[]::new)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    this.lifeline = process.getOutputStream();
  }

  /** Where Debian installs the server binaries, or empty when the package is missing. */
  public static Path binaries() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow(PostgresServer::missing);
    } catch (IOException e) {
      throw missing();
    }
  }

  private static IllegalStateException missing() {
    return new IllegalStateException(
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres);"
            + " config/scripts/test.sh installs Debian's postgresql package");
  }

  /**
   * initdb and start a server; {@code settings} are extra {@code name=value} server settings (e.g.
   * for replication).
   */
  public static PostgresServer start(String... settings) throws IOException, InterruptedException {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("distri-postgres");
    String user = handOver(dir);
    Path data = dir.resolve("data");
    run(
        dir,
        asUser(
            user,
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync"));
    return launch(dir, user, bin, data, settings);
  }

  /** Starts a server on a data directory prepared elsewhere (e.g. by pg_basebackup). */
  static PostgresServer launch(Path dir, String user, Path bin, Path data, String... settings)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                // a test server: an OS crash is not under test, a coordinator's SIGKILL is
                "-c",
                "fsync=off",
                "-c",
                "max_connections=300"));
    for (String setting : settings) {
      command.addAll(List.of("-c", setting));
    }
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      PostgresServer server = new PostgresServer(dir, user, List.copyOf(command), freePort());
      try {
        server.awaitReady();
        return server;
      } catch (IOException e) {
        last = e;
        server.stop();
      }
    }
    throw last;
  }

  /**
   * A streaming replica of this server on its own port and directory: {@code pg_basebackup -R}
   * (which writes the standby's connection settings) over loopback, started as a hot standby. The
   * initdb configuration allows replication connections from 127.0.0.1.
   */
  public PostgresServer replica() throws IOException, InterruptedException {
    Path bin = binaries();
    Path replicaDir = Files.createTempDirectory("distri-postgres-replica");
    String replicaUser = handOver(replicaDir);
    Path data = replicaDir.resolve("data");
    run(
        replicaDir,
        asUser(
            replicaUser,
            bin.resolve("pg_basebackup").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-U",
            SUPERUSER,
            "-D",
            data.toString(),
            "-R",
            "-X",
            "stream",
            // a spread checkpoint paces its writes over minutes on a server with dirty buffers
            // (fresh-ci timed out after 120 s with nothing printed); a test wants it now
            "--checkpoint=fast",
            "--no-sync"));
    return launch(replicaDir, replicaUser, bin, data, "hot_standby=on");
  }

  /** The same server started again on its port after {@link #stop()}. */
  public PostgresServer restart() throws IOException, InterruptedException {
    PostgresServer server = new PostgresServer(dir, user, command, port);
    server.awaitReady();
    return server;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), SUPERUSER, "");
  }

  /** A new, empty database; names are plain identifiers chosen by the tests. */
  public String createDatabase(String name) {
    try (Connection connection = connect("postgres")) {
      connection.createStatement().execute("CREATE DATABASE " + name);
      return url(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("postgres exited: " + log());
      }
      try (Connection ignored = connect("postgres")) {
        return;
      } catch (SQLException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException(
              "postgres did not accept connections within "
                  + START_TIMEOUT.toSeconds()
                  + " s: "
                  + log());
        }
        Thread.sleep(100);
      }
    }
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("server.log"));
  }

  /** Stops the server and waits for it; the data stays, so {@link #restart} can start it again. */
  public void stop() throws InterruptedException {
    try {
      lifeline.write("keep\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      lifeline.flush();
    } catch (IOException ignored) {
      // the watchdog already ended
    }
    stopProcess();
  }

  private void stopProcess() throws InterruptedException {
    try {
      lifeline.close();
    } catch (IOException ignored) {
      // the watchdog already ended
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopProcess();
    try {
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user the server runs as: this one, or when root, Debian's {@code postgres} account. */
  private static String handOver(Path dir) throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return null;
    }
    UserPrincipal postgres =
        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    Files.setOwner(dir, postgres);
    return "postgres";
  }

  private static List<String> asUser(String user, String... command) {
    List<String> full = new ArrayList<>();
    if (user != null) {
      full.addAll(List.of("runuser", "-u", user, "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Path log = dir.resolve("setup.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
