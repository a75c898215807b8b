package org.distr1.mirrors.coordinator.allowlist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real rsync client against a daemon module, optionally from a chosen source address. */
final class RsyncClient {

  /** Exit code and combined output of one {@code rsync --list-only} run. */
  record Result(int exitCode, String output) {
    boolean listed() {
      return exitCode == 0;
    }

    boolean refused() {
      return exitCode == 5 && output.contains("access denied");
    }
  }

  private RsyncClient() {}

  static Result list(String url, String sourceAddress) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rsync", "--list-only", "--timeout=20"));
    if (sourceAddress != null) {
      command.add("--address=" + sourceAddress);
    }
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("rsync client did not finish: " + command);
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
