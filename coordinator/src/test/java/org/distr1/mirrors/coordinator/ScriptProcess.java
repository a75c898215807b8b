package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of a script of {@code config/scripts}, its output collected as it comes. */
public final class ScriptProcess {
  public final Process process;
  public final StringBuffer output = new StringBuffer();

  public ScriptProcess(Path script, Map<String, String> environment) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    process = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> output.append(line).append('\n'));
              } catch (IOException | UncheckedIOException e) {
                output.append("(output ended: ").append(e).append(")\n");
              }
            },
            script.getFileName() + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends SIGINT as Ctrl-C would and waits for the script to end; its exit code. */
  public int interrupt() throws Exception {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
    return awaitExit(Duration.ofSeconds(60));
  }

  public int awaitExit(Duration atMost) throws InterruptedException {
    assertThat(process.waitFor(atMost.toSeconds(), TimeUnit.SECONDS))
        .as("still running:\n%s", output)
        .isTrue();
    return process.exitValue();
  }

  /** For clean-up after a failed test: kills what is still running. */
  public void destroy() throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
