package org.distr1.mirrors.shared.sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic file bodies: incompressible noise and compressible, text-like data. */
final class SampleContent {

  private static final String[] WORDS = {
    "squashfs",
    "inode",
    "fragment",
    "xattr",
    "block",
    "superblock",
    "directory",
    "symlink",
    "amd64",
    "distri",
    "package",
    "exchange",
    "mount",
    "fuse",
    "build",
    "runtime",
    "dep",
    "zstd",
    "lz4",
    "gzip",
    "/usr/lib",
    "/ro/share",
    "libc.so.6",
    "ld-linux-x86-64.so.2",
    "0644"
  };

  private SampleContent() {}

  /** Writes {@code size} bytes derived from {@code seed} to {@code file}. */
  static void write(Path file, long seed, long size, boolean compressible) throws IOException {
    var random = new SplittableRandom(seed);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), chunk.length)) {
      long left = size;
      var text = new StringBuilder();
      while (left > 0) {
        int n = (int) Math.min(chunk.length, left);
        if (compressible) {
          while (text.length() < n) {
            text.append(WORDS[random.nextInt(WORDS.length)])
                .append(random.nextInt(8) == 0 ? '\n' : ' ');
          }
          byte[] bytes = text.substring(0, n).getBytes(StandardCharsets.US_ASCII);
          text.delete(0, n);
          out.write(bytes);
        } else {
          random.nextBytes(chunk);
          out.write(chunk, 0, n);
        }
        left -= n;
      }
    }
  }
}
