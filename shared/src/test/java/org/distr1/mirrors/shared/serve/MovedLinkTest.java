package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publication moves {@code master} between the lookup of a path and the sending of its bytes:
 * what is sent is still the version the lookup measured, whole (the origin once sent the old
 * version's length filled with the new version's bytes).
 */
class MovedLinkTest {
  @TempDir Path dir;

  @Test
  void aVariantKeepsTheVersionItsLookupResolved() throws Exception {
    Path root = dir.toRealPath();
    String index = "pkg/meta.binaryproto";
    byte[] old = "the index of commit one, a little longer\n".getBytes();
    byte[] published = "the index of commit two\n".getBytes();
    write(root.resolve("one").resolve(index), old);
    write(root.resolve("two").resolve(index), published);
    Files.createSymbolicLink(root.resolve("master"), Path.of("one"));
    Tree tree = new Tree(root, ServeOptions.liveTree(100, Duration.ZERO));

    TreeEntry entry = tree.lookup(RepositoryPath.parse("master/" + index));
    Path next = root.resolve(".master.next");
    Files.createSymbolicLink(next, Path.of("two"));
    Files.move(
        next,
        root.resolve("master"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);

    Variant identity = entry.variant(Encoding.IDENTITY);
    assertThat(identity.length()).isEqualTo(old.length);
    assertThat(Files.readAllBytes(identity.file())).as("bytes sent").isEqualTo(old);
    assertThat(
            tree.lookup(RepositoryPath.parse("master/" + index))
                .variant(Encoding.IDENTITY)
                .length())
        .as("the next lookup")
        .isEqualTo(published.length);
  }

  static void write(Path file, byte[] content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }
}
