package org.distr1.mirrors.node.sync;

/**
 * What one rsync process did.
 *
 * @param exitCode the process's exit code (128 + signal when killed)
 * @param bytesReceived bytes rsync read from the network ({@code --stats}), -1 if unknown
 * @param filesTransferred regular files rsync transferred, -1 if unknown
 * @param diagnostics the tail of rsync's error output
 */
public record RsyncRun(
    int exitCode, long bytesReceived, long filesTransferred, String diagnostics) {

  public boolean succeeded() {
    return RsyncExitCode.isSuccess(exitCode);
  }
}
