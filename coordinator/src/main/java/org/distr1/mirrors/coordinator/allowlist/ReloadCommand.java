package org.distr1.mirrors.coordinator.allowlist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.allowlist.AllowlistApply.ApplyException;

/** Runs the command that makes a reader load a new allowlist file, e.g. systemctl daemon-reload. */
final class ReloadCommand {
  /** Enough of the command's output to say why it failed, in one line of a timer's journal. */
  private static final int MAX_OUTPUT = 500;

  private ReloadCommand() {}

  static void run(List<String> command, Duration timeout) throws ApplyException {
    String name = String.join(" ", command);
    Path log = null;
    Process process = null;
    try {
      // to a file, not a pipe: a command that hangs silently must not block the timeout
      log = Files.createTempFile("distri-allowlist-reload", ".log");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ApplyException(name + " did not finish within " + timeout.toSeconds() + " s");
      }
      if (process.exitValue() != 0) {
        String said = head(log);
        throw new ApplyException(
            name
                + " failed (exit "
                + process.exitValue()
                + ")"
                + (said.isEmpty() ? "" : ": " + said));
      }
    } catch (IOException e) {
      throw new ApplyException("cannot run " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApplyException("interrupted while running " + name, e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          // a temp file left behind is harmless; the run's outcome matters more
        }
      }
    }
  }

  private static String head(Path log) throws IOException {
    try (InputStream in = Files.newInputStream(log)) {
      return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8)
          .strip()
          .replace('\n', ' ');
    }
  }
}
