package org.distr1.mirrors.coordinator.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.distr1.mirrors.coordinator.http.HttpClientFactory;
import org.distr1.mirrors.coordinator.http.LoopbackServer;
import org.distr1.mirrors.coordinator.origin.OriginTree;
import org.junit.jupiter.api.Test;

/**
 * What the prober writes as a mirror's last failure is shown in the public mirror list: it must
 * hold neither the remote's bytes nor Java exception text, and an internal address is never fetched
 * at all.
 */
class ProberPublicFailureTest {

  private static final String INTERNAL = "root:x:0:0:internal-secret";

  private static String probeOnce(boolean allowNonPublic, String baseUrl) throws Exception {
    HttpClientFactory factory = new HttpClientFactory();
    factory.setConnectTimeout(io.dropwizard.util.Duration.seconds(5));
    CloseableHttpAsyncClient http = factory.build(allowNonPublic);
    http.start();
    try {
      ProbeTracker tracker = new ProbeTracker(2, 2, 0.6, 4);
      ProbeTarget mirror = new ProbeTarget(7, URI.create(baseUrl));
      Prober prober =
          new Prober(
              () -> List.of(mirror),
              () -> OriginTree.EMPTY,
              new MirrorProbe(http, "repo.distr1.org"),
              tracker,
              new ProbeSettings(
                  Duration.ofHours(1), Duration.ofSeconds(30), 2, Duration.ofSeconds(30)),
              () -> {},
              records -> {},
              Clock.systemUTC(),
              Executors.newSingleThreadScheduledExecutor()); // rounds run by hand; never started
      prober.round();
      return tracker.lastFailure(7);
    } finally {
      http.close(CloseMode.GRACEFUL);
    }
  }

  @Test
  void hostThatResolvesToLoopbackIsNotFetched() throws Exception {
    try (LoopbackServer internal = new LoopbackServer(INTERNAL)) {
      String failure = probeOnce(false, "http://localhost:" + internal.port() + "/");
      assertThat(internal.requests()).isEmpty();
      assertThat(failure)
          .contains("non-public")
          .doesNotContain("Exception")
          .doesNotContain("root:x");
    }
  }

  @Test
  void remoteBytesAreNotRepeated() throws Exception {
    try (LoopbackServer internal = new LoopbackServer(INTERNAL)) {
      String failure = probeOnce(true, "http://127.0.0.1:" + internal.port() + "/");
      assertThat(internal.requests()).hasSize(1);
      assertThat(failure).isEqualTo("freshness file does not hold a UNIX time");
    }
  }

  @Test
  void connectionFailuresNameNoJavaClass() throws Exception {
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertThat(probeOnce(true, "http://127.0.0.1:" + port + "/")).isEqualTo("connection refused");
  }
}
