package org.distr1.mirrors.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.testing.TempDirApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The disk under the database fills up (a small tmpfs this test mounts in its own directory):
 * writes are answered 503 with Retry-After in the ApiError shape, and once space is back the
 * coordinator writes again without a restart. Needs root for the mount; skipped otherwise.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseOutageIT {

  static final Path DATA = TestCoordinator.newDataDir();
  static final Path DISK = DATA.resolve("disk");
  static final boolean MOUNTED = mountSmallDisk();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      new TempDirApp<>(
          DATA,
          org.distr1.mirrors.coordinator.CoordinatorApplication.class,
          io.dropwizard.testing.ResourceHelpers.resourceFilePath("test-coordinator.yml"),
          ConfigOverride.config(
              "database.url", Databases.h2FileUrl(DISK.resolve("coordinator").toString())),
          ConfigOverride.config("registry.enrollmentBurst", "100000"));
  static final ObjectMapper JSON = OutageRequests.JSON;

  static boolean mountSmallDisk() {
    try {
      Files.createDirectories(DISK);
      Process mount =
          new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", DISK.toString())
              .redirectErrorStream(true)
              .start();
      return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @BeforeAll
  static void requireTheMount() {
    assumeThat(MOUNTED).as("mounting a tmpfs needs root; skipped").isTrue();
  }

  @AfterAll
  static void unmount() throws Exception {
    if (MOUNTED) {
      // lazy: H2 still holds its file until the app stops after this method
      new ProcessBuilder("umount", "-l", DISK.toString())
          .inheritIO()
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  static HttpResponse<String> enroll() throws Exception {
    return OutageRequests.enroll(TestCoordinator.api(APP));
  }

  static int publicMirrors() throws Exception {
    return OutageRequests.get(TestCoordinator.api(APP) + "/v1/mirrors").statusCode();
  }

  @Test
  void aFullDiskIs503AndTheCoordinatorRecoversWhenSpaceIsBack() throws Exception {
    assertThat(enroll().statusCode()).isEqualTo(201);
    Path filler = DISK.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] block = new byte[64 * 1024];
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // the disk is full now
    }
    int unavailable = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> during = null;
    while (unavailable == 0 && System.nanoTime() < deadline) {
      during = enroll();
      assertThat(during.statusCode()).as(during.body()).isIn(201, 503);
      if (during.statusCode() == 503) {
        unavailable++;
      }
    }
    assertThat(unavailable).as("a write on a full disk is refused").isPositive();
    assertThat(during.headers().firstValue("Retry-After")).hasValue("10");
    JsonNode error = JSON.readTree(during.body());
    assertThat(error.get("code").asText()).isEqualTo("database_unavailable");
    assertThat(during.body()).doesNotContain("Exception");

    Files.delete(filler);
    HttpResponse<String> after = null;
    deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      after = enroll();
      if (after.statusCode() == 201) {
        break;
      }
      assertThat(after.statusCode()).as(after.body()).isEqualTo(503);
      Thread.sleep(200);
    }
    assertThat(after.statusCode())
        .as("writes work again without a restart: " + after.body())
        .isEqualTo(201);
    // reads too: every pooled connection is replaced, none answers from the closed database
    int listed = 0;
    deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && (listed = publicMirrors()) != 200) {
      assertThat(listed).isEqualTo(503);
      Thread.sleep(200);
    }
    assertThat(listed).isEqualTo(200);
  }
}
