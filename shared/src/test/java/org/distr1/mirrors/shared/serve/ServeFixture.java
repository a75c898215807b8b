package org.distr1.mirrors.shared.serve;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small distri-like tree for file-server tests, with every sibling situation the negotiation has
 * to handle, plus things that must never be served (hidden temporaries, symlinks out).
 */
public final class ServeFixture {
  public static final String PKG = "distri/jackherer/pkg/";

  /** Original with fresh .zst and .gz siblings (compressible, 200 KiB). */
  public static final String BOTH = PKG + "bash-5.1.squashfs";

  /** Original with only a fresh .gz sibling. */
  public static final String GZ_ONLY = PKG + "zsh-5.9.squashfs";

  /** Original whose .zst sibling has another mtime and whose .gz is missing. */
  public static final String STALE = PKG + "vim-9.0.squashfs";

  /** Text with siblings. */
  public static final String TEXT = PKG + "bash-5.1.meta.textproto";

  /** No siblings at all. */
  public static final String PLAIN = "distri/jackherer/img/distri-disk.img";

  public static final String EMPTY = PKG + "empty.squashfs";
  public static final Instant MTIME = Instant.parse("2024-03-01T10:00:00Z");

  private ServeFixture() {}

  /** Writes the tree under {@code root} and a secret next to it that must never be served. */
  public static void write(Path root) throws IOException {
    Files.createDirectories(root.resolve(PKG));
    Files.createDirectories(root.resolve("distri/jackherer/img"));
    Files.createDirectories(root.resolve("distri/supersilverhaze/pkg"));
    withSiblings(root, BOTH, compressible(200 * 1024, 1), true, true);
    withSiblings(root, GZ_ONLY, compressible(50 * 1024, 2), false, true);
    withSiblings(root, TEXT, utf8("name: \"bash-5.1\"\nversion: \"5.1\"\n".repeat(40)), true, true);
    withSiblings(root, STALE, compressible(30 * 1024, 3), true, false);
    Files.setLastModifiedTime(root.resolve(STALE + ".zst"), FileTime.from(MTIME.plusSeconds(60)));
    withSiblings(root, PLAIN, compressible(64 * 1024, 4), false, false);
    withSiblings(root, EMPTY, new byte[0], false, false);

    // rsync's temporaries (--delay-updates directory, in-flight file) are never served or listed
    Files.createDirectories(root.resolve(PKG + ".~tmp~"));
    Files.write(root.resolve(PKG + ".~tmp~/bash-5.1.squashfs"), utf8("half-written"));
    Files.write(root.resolve(PKG + ".bash-5.2.squashfs.Xy12Ab"), utf8("half-written"));

    Path outside = root.resolveSibling(root.getFileName() + "-outside");
    Files.createDirectories(outside);
    Files.write(outside.resolve("secret"), utf8(SECRET));
    Files.createSymbolicLink(root.resolve(PKG + "escape.squashfs"), outside.resolve("secret"));
    Files.createSymbolicLink(root.resolve("distri/escape-dir"), outside);
    Files.createSymbolicLink(root.resolve(PKG + "alias.squashfs"), Path.of("bash-5.1.squashfs"));
  }

  public static final String SECRET = "TOP-SECRET-OUTSIDE-THE-TREE";

  /** Starts a loopback server with {@code handler} on a free port; the caller stops it. */
  public static Server start(org.eclipse.jetty.server.Handler handler) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return server;
  }

  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  static void withSiblings(Path root, String name, byte[] content, boolean zst, boolean gz)
      throws IOException {
    Path file = root.resolve(name);
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(MTIME));
    if (zst) {
      Files.write(file.resolveSibling(file.getFileName() + ".zst"), Zstd.compress(content, 3));
      Files.setLastModifiedTime(
          file.resolveSibling(file.getFileName() + ".zst"), FileTime.from(MTIME));
    }
    if (gz) {
      Files.write(file.resolveSibling(file.getFileName() + ".gz"), gzip(content));
      Files.setLastModifiedTime(
          file.resolveSibling(file.getFileName() + ".gz"), FileTime.from(MTIME));
    }
  }

  static byte[] compressible(int size, long seed) {
    Random random = new Random(seed);
    byte[] words = utf8("squashfs distri package image block inode fragment xattr ");
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : words[i % words.length];
    }
    return out;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
