package org.distr1.mirrors.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncDaemonTest {

  @TempDir Path dir;

  @Test
  void servesTheModuleOverRealRsyncAndStopsOnClose() throws Exception {
    Path module = Files.createDirectories(dir.resolve("module/distri"));
    Files.writeString(module.resolve("hello.txt"), "hello");
    RsyncDaemon stopped;
    try (var daemon = RsyncDaemon.builder(dir.resolve("module")).start()) {
      stopped = daemon;
      assertThat(daemon.url()).isEqualTo("rsync://127.0.0.1:" + daemon.port() + "/distri/");

      Path target = dir.resolve("copy");
      var result = rsync("-r", daemon.url(), target + "/");
      assertThat(result.exit).as(result.output).isZero();
      assertThat(target.resolve("distri/hello.txt")).hasContent("hello");
    }
    assertThat(stopped.isAlive()).isFalse();
    try (var socket = new Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> socket.connect(new InetSocketAddress("127.0.0.1", stopped.port()), 500));
    }
  }

  @Test
  void extraModuleLinesApply() throws Exception {
    Files.createDirectories(dir.resolve("module"));
    try (var daemon =
        RsyncDaemon.builder(dir.resolve("module"))
            .address("127.0.0.3")
            .moduleLine("hosts allow = 127.0.0.2/32")
            .start()) {
      var refused = rsync("-r", daemon.url(), dir.resolve("copy") + "/");
      assertThat(refused.exit).as(refused.output).isNotZero();
      assertThat(daemon.log()).contains("rsync denied on module distri from localhost (127.0.0.1)");

      var allowed = rsync("-r", "--address=127.0.0.2", daemon.url(), dir.resolve("copy") + "/");
      assertThat(allowed.exit).as(allowed.output).isZero();
    }
  }

  record Result(int exit, String output) {}

  static Result rsync(String... args) throws Exception {
    var command = new java.util.ArrayList<String>();
    command.add("rsync");
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
