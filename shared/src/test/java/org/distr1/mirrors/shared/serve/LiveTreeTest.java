package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The origin's tree changes while served: what was learnt about a path must be re-checked. */
class LiveTreeTest {
  @TempDir Path root;

  @Test
  void aReplacedFileAndAStaleSiblingAreSeenOnTheNextRequest() throws Exception {
    String name = "distri/jackherer/pkg/meta.binaryproto";
    Files.createDirectories(root.resolve(name).getParent());
    ServeFixture.withSiblings(root, name, ServeFixture.utf8("index one\n"), true, false);
    Server server =
        ServeFixture.start(
            new PrecompressedFileHandler(
                PrecompressedFileHandler.Root.fixed(root),
                path -> true,
                ServeOptions.liveTree(100, Duration.ZERO),
                ServeObserver.NONE));
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ServeFixture.port(server) + "/" + name))
            .header("Accept-Encoding", "zstd")
            .build();
    try {
      HttpResponse<byte[]> first = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(first.headers().firstValue("Content-Encoding")).hasValue("zstd");

      // rsync's way: a new file renamed over the old one, with a new mtime; the .zst is now stale
      Path next = root.resolve(name + ".next");
      Files.writeString(next, "index two\n");
      Files.setLastModifiedTime(next, FileTime.from(ServeFixture.MTIME.plusSeconds(60)));
      Files.move(
          next,
          root.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);

      HttpResponse<byte[]> second = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(second.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(new String(second.body())).isEqualTo("index two\n");
      assertThat(second.headers().firstValue("ETag"))
          .isNotEqualTo(first.headers().firstValue("ETag"));
    } finally {
      server.stop();
    }
  }
}
