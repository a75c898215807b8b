package org.distr1.mirrors.shared.testing;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Dropwizard app extension that owns a fresh temporary directory and deletes it once the app has
 * stopped. Static app extensions are built before JUnit could inject a {@code @TempDir}, so without
 * this their data directories would stay in {@code /tmp} after every run.
 */
public class TempDirApp<C extends Configuration> extends DropwizardAppExtension<C> {
  private final Path dir;

  public TempDirApp(
      Path dir,
      Class<? extends Application<C>> app,
      String configPath,
      ConfigOverride... overrides) {
    super(app, configPath, overrides);
    this.dir = dir;
  }

  /** A new directory for a static fixture; pass it to a {@code TempDirApp}, which deletes it. */
  public static Path newDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void after() {
    try {
      super.after();
    } finally {
      deleteRecursively(dir);
    }
  }

  /** Deletes a directory tree; fails if something in it cannot be deleted. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test directory " + dir, e);
    }
  }
}
