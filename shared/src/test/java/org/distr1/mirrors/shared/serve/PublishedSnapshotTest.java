package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's layout: {@code current -> snapshots/<id>}, switched atomically by the sync. */
class PublishedSnapshotTest {
  @TempDir Path mirror;

  @Test
  void servesWhateverCurrentPointsToAndSays503BeforeTheFirstPublication() throws Exception {
    Path current = mirror.resolve("current");
    Server server =
        ServeFixture.start(
            new PrecompressedFileHandler(
                PrecompressedFileHandler.Root.symlink(current),
                path -> true,
                ServeOptions.immutableTree(100),
                ServeObserver.NONE));
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + ServeFixture.port(server) + "/distri/index.txt");
    try {
      HttpResponse<String> nothing =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(nothing.statusCode()).isEqualTo(503);
      assertThat(nothing.body()).contains("not_published");

      publish("one", "first\n");
      assertThat(
              client
                  .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                  .body())
          .isEqualTo("first\n");
      publish("two", "second\n");
      assertThat(
              client
                  .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                  .body())
          .isEqualTo("second\n");
    } finally {
      server.stop();
    }
  }

  private void publish(String id, String content) throws Exception {
    Path snapshot = mirror.resolve("snapshots").resolve(id);
    Files.createDirectories(snapshot.resolve("distri"));
    Files.writeString(snapshot.resolve("distri/index.txt"), content);
    Path link = mirror.resolve("current.new");
    Files.createSymbolicLink(link, Path.of("snapshots", id));
    Files.move(
        link,
        mirror.resolve("current"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
