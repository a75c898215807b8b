package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A symlink loop and a symlink pointing out of the tree answer 404 on every request, and the
 * operator hears of each once, not once per request (a client retrying, or hundreds of parallel
 * GETs of a broken package, must not fill the log). Nothing is remembered between requests here
 * ({@code maxCachedEntries} 0), so every request resolves the path again.
 */
class BrokenLinksLogOnceTest {
  @TempDir Path base;
  private Server server;
  private ListAppender<ILoggingEvent> log;
  private final Logger treeLogger = (Logger) LoggerFactory.getLogger(Tree.class);
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void serve() throws Exception {
    Path root = Files.createDirectories(base.resolve("tree")).toRealPath();
    ServeFixture.write(root);
    Path pkg = root.resolve(ServeFixture.PKG);
    Files.createSymbolicLink(pkg.resolve("loop-a.squashfs"), Path.of("loop-b.squashfs"));
    Files.createSymbolicLink(pkg.resolve("loop-b.squashfs"), Path.of("loop-a.squashfs"));
    Path outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "not for clients");
    Files.createSymbolicLink(pkg.resolve("out.squashfs"), outside.resolve("secret"));
    log = new ListAppender<>();
    log.start();
    treeLogger.addAppender(log);
    server =
        ServeFixture.start(
            new PrecompressedFileHandler(
                PrecompressedFileHandler.Root.fixed(root),
                path -> true,
                new ServeOptions(0, null),
                ServeObserver.NONE));
  }

  @AfterEach
  void stop() throws Exception {
    treeLogger.detachAppender(log);
    server.stop();
  }

  private int get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ServeFixture.port(server) + "/" + path))
            .header("Accept-Encoding", "zstd, gzip")
            .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void eachBrokenLinkIsA404AndOneWarning() throws Exception {
    List<String> broken =
        List.of(
            ServeFixture.PKG + "loop-a.squashfs",
            ServeFixture.PKG + "loop-b.squashfs",
            ServeFixture.PKG + "out.squashfs");
    for (int round = 0; round < 20; round++) {
      for (String path : broken) {
        assertThat(get(path)).as(path).isEqualTo(404);
      }
    }
    assertThat(get(ServeFixture.BOTH)).isEqualTo(200);
    List<String> warnings =
        log.list.stream()
            .filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(warnings).hasSize(3);
    assertThat(warnings)
        .anySatisfy(w -> assertThat(w).contains("loop-a.squashfs", "logged once"))
        .anySatisfy(w -> assertThat(w).contains("loop-b.squashfs"))
        .anySatisfy(w -> assertThat(w).contains("out.squashfs", "outside the served tree"));
  }
}
