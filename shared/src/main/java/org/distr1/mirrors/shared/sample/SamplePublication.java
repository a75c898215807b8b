package org.distr1.mirrors.shared.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distr1.mirrors.shared.files.AtomicFiles;

/**
 * One publication as distri's autobuilder makes it: a new commit directory built beside the others
 * (hidden while it is incomplete, so nobody reads half of it), holding {@code master}'s files as
 * hard links plus one package in a new version with new indexes, then renamed into place, and
 * finally {@code master} switched to it by renaming a new symlink over the old one — readers see
 * the old or the new target, never none.
 */
final class SamplePublication {

  private static final Pattern VERSIONED =
      Pattern.compile(".*/pkg/(.+-amd64)-(.+)-([0-9]+)\\.squashfs");

  private final SampleRepository repo;
  private final Path root;

  SamplePublication(SampleRepository repo) {
    this.repo = repo;
    this.root = repo.root();
  }

  String publish() throws IOException {
    String previous = repo.master();
    String id = commitId("after " + previous);
    String building = ".build-" + id;
    Path build = root.resolve(building);
    copyLinked(root.resolve(previous), build);

    List<String> images = repo.packages(building);
    int commits;
    try (var names = Files.list(root)) {
      commits = (int) names.filter(p -> p.getFileName().toString().matches("[0-9a-f]{12}")).count();
    }
    Matcher m = VERSIONED.matcher(images.get(commits % images.size()));
    if (!m.matches()) {
      throw new IllegalStateException(
          "unexpected package name " + images.get(commits % images.size()));
    }
    int revision = Integer.parseInt(m.group(3));
    String next;
    do {
      next = m.group(1) + "-" + m.group(2) + "-" + ++revision;
    } while (Files.exists(build.resolve("pkg/" + next + ".squashfs")));
    Path old =
        root.resolve(previous)
            .resolve("pkg/" + m.group(1) + "-" + m.group(2) + "-" + m.group(3) + ".squashfs");
    boolean compressible = Files.exists(Path.of(old + ".zst"));
    repo.addVersioned(building, next, Math.min(Files.size(old), 256 * 1024), compressible);
    for (String section : SampleRepository.INDEXED_SECTIONS) {
      repo.rewriteIndex(building, section);
    }
    Files.move(build, root.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.fsyncDirectory(root);

    Path link = root.resolve(".master-" + id);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(id));
    Files.move(
        link,
        root.resolve(SampleRepository.MASTER),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    AtomicFiles.fsyncDirectory(root);
    return id;
  }

  /** A name like a git commit's, 12 hex digits, derived from {@code seed}. */
  static String commitId(String seed) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** A copy of {@code from} whose files are hard links and whose symlinks are symlinks. */
  private static void copyLinked(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir)));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path copy = to.resolve(from.relativize(file));
            if (attrs.isSymbolicLink()) {
              Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
            } else {
              Files.createLink(copy, file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
