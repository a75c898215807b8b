package org.distr1.mirrors.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guard against the prober and verifier fetching from the coordinator's own network. */
class HttpClientFactoryTest {

  private static final String INTERNAL = "internal-secret-payload";

  private LoopbackServer internal;
  private CloseableHttpAsyncClient client;

  @BeforeEach
  void start() throws Exception {
    internal = new LoopbackServer(INTERNAL);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close(CloseMode.GRACEFUL);
    }
    internal.close();
  }

  /**
   * A DNS the test controls, so that no query leaves the machine: {@code mirror.example} resolves
   * to loopback, other names do not resolve, literals are read as such.
   */
  private static final class RebindingDns implements DnsResolver {
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      if (!host.equals("mirror.example")) {
        if (host.matches("[0-9.]+|.*:.*")) {
          return SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }
        throw new UnknownHostException(host);
      }
      lookups.incrementAndGet();
      return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  private CloseableHttpAsyncClient started(boolean allowNonPublic, DnsResolver dns) {
    HttpClientFactory factory = new HttpClientFactory();
    factory.setConnectTimeout(io.dropwizard.util.Duration.seconds(5));
    client = dns == null ? factory.build(allowNonPublic) : factory.build(allowNonPublic, dns);
    client.start();
    return client;
  }

  private SimpleHttpResponse get(String url) throws Exception {
    return client.execute(SimpleRequestBuilder.get(url).build(), null).get(30, TimeUnit.SECONDS);
  }

  @Test
  void nameThatResolvesToLoopbackIsRefusedAtConnect() {
    started(false, new RebindingDns());
    String url = "http://mirror.example:" + internal.port() + "/_mirror/last-sync-from/x";
    assertThatThrownBy(() -> get(url))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NonPublicAddressException.class)
        .hasMessageContaining("loopback");
    assertThat(internal.requests()).isEmpty();
  }

  @Test
  void localhostAndLoopbackLiteralsAreRefused() {
    started(false, null);
    for (String host : new String[] {"localhost", "127.0.0.1", "[::ffff:127.0.0.1]", "[::1]"}) {
      assertThatThrownBy(() -> get("http://" + host + ":" + internal.port() + "/"))
          .as(host)
          .cause()
          .isInstanceOf(NonPublicAddressException.class);
    }
    assertThat(internal.requests()).isEmpty();
  }

  @Test
  void everyNewConnectionResolvesTheNameAgain() throws Exception {
    RebindingDns dns = new RebindingDns();
    started(true, dns);
    // the server closes each connection, so each request connects (and resolves) afresh
    assertThat(get("http://mirror.example:" + internal.port() + "/a").getBodyText())
        .isEqualTo(INTERNAL);
    assertThat(get("http://mirror.example:" + internal.port() + "/b").getCode()).isEqualTo(200);
    assertThat(dns.lookups.get()).isEqualTo(2);
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    started(true, null);
    SimpleHttpResponse response = get("http://127.0.0.1:" + internal.port() + "/redirect");
    assertThat(response.getCode()).isEqualTo(302);
    assertThat(internal.requests()).containsExactly("/redirect");
  }

  @Test
  void failuresAreDescribedWithoutExceptionText() throws Exception {
    started(true, new RebindingDns());
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    int port = closed;
    Throwable refused =
        org.assertj.core.api.Assertions.catchThrowable(() -> get("http://127.0.0.1:" + port + "/"));
    assertThat(ConnectFailures.describe(refused)).isEqualTo("connection refused");
    Throwable unknown =
        org.assertj.core.api.Assertions.catchThrowable(() -> get("http://no-such-host.example/"));
    assertThat(ConnectFailures.describe(unknown)).isEqualTo("the host name does not resolve");
  }
}
