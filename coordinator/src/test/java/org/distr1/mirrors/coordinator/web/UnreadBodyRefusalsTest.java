package org.distr1.mirrors.coordinator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.testing.RawHttp;
import org.distr1.mirrors.shared.testing.RawHttp.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The coordinator's refusals of a request whose body it did not read to the end (Jersey's 400 for
 * broken JSON, 401 before authentication, the redirector's 405 on a repository path) are followed
 * by a closed connection, and the answer says {@code Connection: close} (before, Jersey's answers
 * were committed without it and the client learnt of the close from a failed next request).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UnreadBodyRefusalsTest {

  static final Path DATA = TestCoordinator.newDataDir();
  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA, ConfigOverride.config("origin.root", directory(DATA.resolve("origin"))));

  /** Ten megabytes announced, one kilobyte of them sent. */
  static final String PARTIAL_BODY =
      "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n" + "{".repeat(1000);

  static String directory(Path dir) {
    try {
      return Files.createDirectories(dir).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Exchange send(String requestLine) throws IOException {
    return RawHttp.exchange(APP.getLocalPort(), requestLine + "\r\nHost: x\r\n" + PARTIAL_BODY);
  }

  @Test
  void brokenJsonIs400AndSaysTheConnectionCloses() throws IOException {
    Exchange answer = send("POST /api/v1/mirrors HTTP/1.1");
    assertThat(answer.head()).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Connection: close");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void unauthenticatedIs401AndSaysTheConnectionCloses() throws IOException {
    Exchange answer = send("POST /api/v1/admin/allowlist HTTP/1.1");
    assertThat(answer.head()).startsWith("HTTP/1.1 401 ").containsIgnoringCase("Connection: close");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void aPostOnARepositoryPathIs405AndSaysTheConnectionCloses() throws IOException {
    Exchange answer = send("POST /distri/master/pkg/x.squashfs HTTP/1.1");
    assertThat(answer.head()).startsWith("HTTP/1.1 405 ").containsIgnoringCase("Connection: close");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void aGetKeepsTheConnection() throws IOException {
    Exchange answer =
        RawHttp.exchange(APP.getLocalPort(), "GET /api/v1/mirrors HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(answer.head()).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("Connection");
    assertThat(answer.closed()).isFalse();
  }
}
