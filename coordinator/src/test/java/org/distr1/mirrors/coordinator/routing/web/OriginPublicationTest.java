package org.distr1.mirrors.coordinator.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.sample.SampleRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The coordinator serving as the origin while a publication moves {@code master}: the answer right
 * after the move is the new target's file. It used to trust a path's resolution for a second, and
 * world.sh counted the origin's own answers of the version it had just replaced.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OriginPublicationTest {
  static final String INDEX = SampleRepository.indexPath("master");
  static final Path DATA = TestCoordinator.newDataDir();
  static final SampleRepository ORIGIN = sample(DATA.resolve("origin"));
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA, ConfigOverride.config("origin.root", ORIGIN.root().toString()));
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static SampleRepository sample(Path root) {
    try {
      return SampleRepository.generate(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void answersWithTheMovedLinksTargetAtOnce() throws Exception {
    String before = ORIGIN.master();
    ORIGIN.publish();
    String published = ORIGIN.master();
    assertThat(published).isNotEqualTo(before);
    byte[] publishedIndex = Files.readAllBytes(ORIGIN.resolve(INDEX));
    assertThat(get()).as("after the publication").isEqualTo(publishedIndex);

    // master moved back, atomically, as a publication moves it: the next answer follows it
    Path link = ORIGIN.root().resolve("master");
    Path next = ORIGIN.root().resolve(".master.next");
    Files.createSymbolicLink(next, Path.of(before));
    Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    byte[] movedBack = Files.readAllBytes(ORIGIN.resolve(INDEX));
    assertThat(movedBack).isNotEqualTo(publishedIndex);
    assertThat(get()).as("right after master moved back to %s", before).isEqualTo(movedBack);
  }

  /** The index through the origin (no mirror exists, so the coordinator serves it itself). */
  static byte[] get() throws Exception {
    HttpResponse<byte[]> answer =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/" + INDEX))
                .header("Accept-Encoding", "identity")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(200);
    return answer.body();
  }
}
