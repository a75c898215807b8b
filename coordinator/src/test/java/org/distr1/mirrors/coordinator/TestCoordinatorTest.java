package org.distr1.mirrors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The suite leaves nothing in /tmp: a test coordinator's data directory goes when it stops. */
class TestCoordinatorTest {

  @Test
  void dataDirectoryIsDeletedWhenTheCoordinatorStops() throws Exception {
    Path dataDir = TestCoordinator.newDataDir();
    var app = TestCoordinator.extension(dataDir);
    app.before();
    try {
      assertThat(dataDir.resolve("coordinator.mv.db")).exists();
      Files.writeString(dataDir.resolve("left-by-a-test"), "x");
    } finally {
      app.after();
    }
    assertThat(dataDir).doesNotExist();
  }
}
