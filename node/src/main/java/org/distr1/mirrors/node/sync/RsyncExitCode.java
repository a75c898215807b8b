package org.distr1.mirrors.node.sync;

import java.util.Map;

/** rsync's exit codes (rsync(1), "EXIT VALUES") in words for logs and the status page. */
public final class RsyncExitCode {

  private static final Map<Integer, String> MEANINGS =
      Map.ofEntries(
          Map.entry(0, "success"),
          Map.entry(1, "syntax or usage error"),
          Map.entry(2, "protocol incompatibility"),
          Map.entry(3, "errors selecting input/output files or directories"),
          Map.entry(4, "requested action not supported"),
          Map.entry(5, "error starting client-server protocol (module missing or access denied?)"),
          Map.entry(6, "daemon unable to append to log file"),
          Map.entry(10, "error in socket I/O (upstream down or unreachable?)"),
          Map.entry(11, "error in file I/O (disk full or permissions?)"),
          Map.entry(12, "error in rsync protocol data stream (connection lost?)"),
          Map.entry(13, "errors with program diagnostics"),
          Map.entry(14, "error in IPC code"),
          Map.entry(20, "received SIGUSR1 or SIGINT"),
          Map.entry(21, "some error returned by waitpid()"),
          Map.entry(22, "error allocating core memory buffers"),
          Map.entry(23, "partial transfer due to error"),
          Map.entry(
              24, "partial transfer due to vanished source files (upstream changed meanwhile)"),
          Map.entry(25, "the --max-delete limit stopped deletions"),
          Map.entry(30, "timeout in data send/receive"),
          Map.entry(35, "timeout waiting for daemon connection"),
          Map.entry(127, "rsync binary not found"));

  private RsyncExitCode() {}

  /** Exit 0 and 24 (files vanished upstream while syncing, normal on a live repository). */
  public static boolean isSuccess(int code) {
    return code == 0 || code == 24;
  }

  /**
   * A failure a real sync started right after would meet too: no connection (5, 10, 35), no rsync
   * binary (127), or the process killed (the node stopping).
   */
  public static boolean stopsAnySync(int code) {
    return code == 5 || code == 10 || code == 35 || code == 127 || code > 128;
  }

  /** e.g. "exit 10: error in socket I/O (...)" or "killed by signal 9 (SIGKILL)". */
  public static String explain(int code) {
    if (code > 128 && code < 160 && !MEANINGS.containsKey(code)) {
      int signal = code - 128;
      return "killed by signal " + signal + signalName(signal);
    }
    return "exit " + code + ": " + MEANINGS.getOrDefault(code, "unknown rsync exit code");
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> " (SIGHUP)";
      case 2 -> " (SIGINT)";
      case 6 -> " (SIGABRT)";
      case 9 -> " (SIGKILL, out of memory or killed by hand?)";
      case 15 -> " (SIGTERM)";
      default -> "";
    };
  }
}
