package org.distr1.mirrors.node.sync;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distr1.mirrors.shared.repo.ReleaseIndex;

/** Drives the real {@code rsync} binary for one snapshot sync and reads its progress. */
final class RsyncRunner {

  private static final Pattern STAT =
      Pattern.compile("(Total bytes received|Number of regular files transferred): ([0-9,.]+)");
  private static final int DIAGNOSTIC_LINES = 20;
  private static final long FAMILY_LOOKUP_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * A sync runs rsync twice into the same new snapshot. First everything but the mutable index
   * files, by rsync's quick check (size and mtime) against the served snapshot: files versioned in
   * their name never change. Then the indexes alone, compared by content: an index rewritten with
   * the same size and mtime (reproducible builds pin mtimes) would pass the quick check and never
   * reach the mirror. Indexes last, as Debian's two-stage mirroring does: they are read after the
   * files they name were listed.
   */
  enum Stage {
    VERSIONED(
        List.of(
            "--exclude=" + ReleaseIndex.FILE_NAME,
            "--exclude=" + ReleaseIndex.FILE_NAME + ".zst",
            "--exclude=" + ReleaseIndex.FILE_NAME + ".gz")),
    INDEXES(
        List.of(
            "--checksum",
            "--include=*/",
            "--include=" + ReleaseIndex.FILE_NAME,
            "--include=" + ReleaseIndex.FILE_NAME + ".zst",
            "--include=" + ReleaseIndex.FILE_NAME + ".gz",
            "--exclude=*"));

    private final List<String> filter;

    Stage(List<String> filter) {
      this.filter = filter;
    }
  }

  private final String binary;
  private final Duration ioTimeout;
  private final Duration connectTimeout;
  private final List<String> extraOptions;

  /** The rsync processes running now (a no-op check runs both stages' dry runs at once). */
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  RsyncRunner(
      String binary, Duration ioTimeout, Duration connectTimeout, List<String> extraOptions) {
    this.binary = binary;
    this.ioTimeout = ioTimeout;
    this.connectTimeout = connectTimeout;
    this.extraOptions = List.copyOf(extraOptions);
  }

  /**
   * The command line. The target is always a new, empty directory, so every file ends up either
   * transferred or hard-linked from {@code linkDest} (the published snapshot) when unchanged;
   * {@code --delete} is then implied by the fresh directory, and {@code --delay-updates} is
   * unnecessary because nobody reads the new tree before it is published. {@code
   * --no-inc-recursive} makes progress2's percent and ETA cover the whole transfer instead of the
   * part of the file list seen so far.
   */
  List<String> command(UpstreamUrl upstream, Path target, Optional<Path> linkDest, Stage stage) {
    var command =
        new ArrayList<>(
            List.of(
                binary,
                "--recursive",
                "--links",
                "--perms",
                "--times",
                "--safe-links",
                "--no-inc-recursive",
                "--info=progress2",
                "--stats",
                "--timeout=" + Math.max(1, ioTimeout.toSeconds()),
                "--contimeout=" + Math.max(1, connectTimeout.toSeconds())));
    linkDest.ifPresent(dir -> command.add("--link-dest=" + dir.toAbsolutePath()));
    command.addAll(stage.filter);
    command.addAll(extraOptions);
    command.add(upstream.toString());
    command.add(target.toAbsolutePath() + "/");
    return command;
  }

  /** Runs rsync to completion (or until {@link #abort()}), reporting progress as it goes. */
  RsyncRun run(
      UpstreamUrl upstream,
      Path target,
      Optional<Path> linkDest,
      Stage stage,
      Consumer<RsyncProgress> progress)
      throws IOException, InterruptedException {
    return execute(command(upstream, target, linkDest, stage), progress, line -> {});
  }

  /**
   * What {@code stage} would change in the served snapshot {@code served}: a dry run with {@code
   * --delete} that lists every change (a new, changed or deleted file or link, or changed
   * attributes), the same comparison a real stage makes, without writing anything.
   *
   * @return the run, and up to {@code limit} of the changes (empty: nothing would change)
   */
  Check changes(UpstreamUrl upstream, Path served, Stage stage, int limit)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(command(upstream, served, Optional.empty(), stage));
    command.remove("--info=progress2");
    command.addAll(
        command.size() - 2, List.of("--dry-run", "--delete", "--out-format=" + CHANGE + "%i %n"));
    List<String> changes = new ArrayList<>();
    RsyncRun run =
        execute(
            command,
            progress -> {},
            line -> {
              if (line.startsWith(CHANGE) && changes.size() < limit) {
                changes.add(line.substring(CHANGE.length()));
              }
            });
    return new Check(run, List.copyOf(changes));
  }

  /** A dry run's outcome and the changes it listed. */
  record Check(RsyncRun run, List<String> changes) {
    boolean unchanged() {
      return run.exitCode() == 0 && changes.isEmpty();
    }
  }

  private static final String CHANGE = "change: ";

  private RsyncRun execute(
      List<String> command, Consumer<RsyncProgress> progress, Consumer<String> output)
      throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command);
    // fixed number formatting, and no password prompt that would hang a daemon
    builder.environment().put("LC_ALL", "C");
    builder.environment().remove("RSYNC_PASSWORD");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new RsyncRun(127, -1, -1, "cannot run " + binary + ": " + e.getMessage());
    }
    running.add(process);
    // rsync forks a receiver that shares the connection: if the main process dies (killed by
    // an operator, the OOM killer) the receiver would go on filling the snapshot being
    // discarded, so every child seen is killed when the main process ends
    Set<ProcessHandle> family = ConcurrentHashMap.newKeySet();
    process.onExit().thenRun(() -> family.forEach(ProcessHandle::destroyForcibly));
    try {
      var errors = new ArrayDeque<String>();
      Thread stderr = new Thread(() -> drain(process.getErrorStream(), errors), "rsync-stderr");
      stderr.setDaemon(true);
      stderr.start();
      long[] stats = {-1, -1};
      long[] lastLookup = {System.nanoTime() - FAMILY_LOOKUP_NANOS - 1};
      try {
        readLines(
            process.getInputStream(),
            line -> {
              if (System.nanoTime() - lastLookup[0] > FAMILY_LOOKUP_NANOS) {
                lastLookup[0] = System.nanoTime();
                process.descendants().forEach(family::add);
              }
              output.accept(line);
              RsyncProgress.parse(line).ifPresentOrElse(progress, () -> stat(line, stats));
            });
      } catch (IOException e) {
        // abort() closes the streams; the exit code below tells what happened
        if (process.isAlive() && running.contains(process)) {
          throw e;
        }
      }
      int exit = process.waitFor();
      stderr.join(TimeUnit.SECONDS.toMillis(5));
      synchronized (errors) {
        return new RsyncRun(exit, stats[0], stats[1], String.join("\n", errors));
      }
    } finally {
      running.remove(process);
      process.destroyForcibly();
    }
  }

  /** Kills the running rsyncs, if any; their {@link #run} returns with the signal's exit code. */
  void abort() {
    for (Process process : List.copyOf(running)) {
      running.remove(process);
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static void stat(String line, long[] stats) {
    Matcher m = STAT.matcher(line);
    if (m.find()) {
      long value = Long.parseLong(m.group(2).replace(",", "").replace(".", ""));
      stats[m.group(1).startsWith("Total") ? 0 : 1] = value;
    }
  }

  /** progress2 separates its updates with carriage returns, everything else with newlines. */
  private static void readLines(InputStream in, Consumer<String> lines) throws IOException {
    var line = new ByteArrayOutputStream(128);
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\r' || buffer[i] == '\n') {
          if (line.size() > 0) {
            lines.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
          }
        } else {
          line.write(buffer[i]);
        }
      }
    }
    if (line.size() > 0) {
      lines.accept(line.toString(StandardCharsets.UTF_8));
    }
  }

  private static void drain(InputStream in, ArrayDeque<String> tail) {
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > DIAGNOSTIC_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // the process is gone; what was read is what we report
    }
  }
}
