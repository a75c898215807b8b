package org.distr1.mirrors.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code rsync --daemon --no-detach} on a loopback address and a free port, serving one
 * read-only module. Works as root (the daemon keeps uid/gid 0 instead of dropping to nobody, who
 * could not read a test's private temp directory) and as a normal user.
 *
 * <pre>{@code
 * try (var daemon = RsyncDaemon.builder(dir).start()) {
 *   String url = daemon.url(); // rsync://127.0.0.1:PORT/distri/
 * }
 * }</pre>
 *
 * rsyncd re-reads its configuration file for every connection, so tests may rewrite files it {@code
 * &include}s (or {@link #configFile()} itself) while it runs.
 */
public final class RsyncDaemon implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(15);

  private final Process process;
  private final String address;
  private final int port;
  private final String module;
  private final Path workDir;

  private RsyncDaemon(Process process, String address, int port, String module, Path workDir) {
    this.process = process;
    this.address = address;
    this.port = port;
    this.module = module;
    this.workDir = workDir;
  }

  /** A daemon whose module serves {@code moduleDir}. */
  public static Builder builder(Path moduleDir) {
    return new Builder(moduleDir);
  }

  /** {@code rsync://address:port/module/} ({@code [::1]} for an IPv6 address). */
  public String url() {
    String host = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    return "rsync://" + host + ":" + port + "/" + module + "/";
  }

  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  public String module() {
    return module;
  }

  /** The generated {@code rsyncd.conf}. */
  public Path configFile() {
    return workDir.resolve("rsyncd.conf");
  }

  /** The daemon's own log (transfers, refusals), handy in assertion messages. */
  public String log() {
    try {
      Path log = workDir.resolve("rsyncd.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the daemon (and its per-connection children) and waits for it. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteQuietly(workDir);
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }

  /** Settings of a daemon before it starts. */
  public static final class Builder {
    private final Path moduleDir;
    private String module = "distri";
    private String address = "127.0.0.1";
    private String rsync = "rsync";
    private final List<String> globalLines = new ArrayList<>();
    private final List<String> moduleLines = new ArrayList<>();

    private Builder(Path moduleDir) {
      this.moduleDir = moduleDir.toAbsolutePath();
    }

    /** Module name (default {@code distri}). */
    public Builder module(String name) {
      this.module = name;
      return this;
    }

    /** Loopback address to bind (default {@code 127.0.0.1}; any 127.0.0.x works on Linux). */
    public Builder address(String loopbackAddress) {
      this.address = loopbackAddress;
      return this;
    }

    /** rsync binary (default {@code rsync} from PATH). */
    public Builder rsyncBinary(String binary) {
      this.rsync = binary;
      return this;
    }

    /** A line for the global section, e.g. {@code &include /path/allow.conf}. */
    public Builder globalLine(String line) {
      globalLines.add(line);
      return this;
    }

    /** A line for the module section, e.g. {@code hosts allow = 127.0.0.2/32}. */
    public Builder moduleLine(String line) {
      moduleLines.add(line);
      return this;
    }

    /** Starts the daemon and returns once it accepts connections. */
    public RsyncDaemon start() throws IOException {
      if (!Files.isDirectory(moduleDir)) {
        throw new IOException("module directory does not exist: " + moduleDir);
      }
      Path workDir = Files.createTempDirectory("rsyncd-");
      IOException last = null;
      // the free port can be taken between probing and binding: try a few
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = freePort();
        Files.writeString(workDir.resolve("rsyncd.conf"), config(workDir));
        Process process =
            new ProcessBuilder(
                    rsync,
                    "--daemon",
                    "--no-detach",
                    "--address=" + address,
                    "--port=" + port,
                    "--config=" + workDir.resolve("rsyncd.conf"))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("rsyncd.out").toFile())
                .start();
        try {
          awaitListening(process, port);
          return new RsyncDaemon(process, address, port, module, workDir);
        } catch (IOException e) {
          process.destroyForcibly();
          last = e;
        }
      }
      deleteQuietly(workDir);
      throw last;
    }

    private String config(Path workDir) throws IOException {
      boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
      var conf = new StringBuilder();
      conf.append("use chroot = no\n")
          .append("pid file = ")
          .append(workDir.resolve("rsyncd.pid"))
          .append('\n')
          .append("lock file = ")
          .append(workDir.resolve("rsyncd.lock"))
          .append('\n')
          .append("log file = ")
          .append(workDir.resolve("rsyncd.log"))
          .append('\n');
      if (root) {
        // as root rsyncd would become nobody, who cannot read a test's 0700 temp directory
        conf.append("uid = root\ngid = root\n");
      }
      globalLines.forEach(l -> conf.append(l).append('\n'));
      conf.append('[')
          .append(module)
          .append("]\n")
          .append("path = ")
          .append(moduleDir)
          .append('\n')
          .append("read only = yes\n")
          .append("numeric ids = yes\n");
      moduleLines.forEach(l -> conf.append(l).append('\n'));
      return conf.toString();
    }

    private int freePort() throws IOException {
      try (var socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
        return socket.getLocalPort();
      }
    }

    private void awaitListening(Process process, int port) throws IOException {
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException(
              "rsync daemon exited with " + process.exitValue() + " on port " + port);
        }
        try (var socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, port), 200);
          return;
        } catch (IOException notYet) {
          try {
            process.waitFor(20, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the rsync daemon", e);
          }
        }
      }
      throw new IOException(
          "rsync daemon did not listen on " + address + ":" + port + " within " + STARTUP);
    }
  }
}
