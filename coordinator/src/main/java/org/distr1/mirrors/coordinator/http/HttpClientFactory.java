package org.distr1.mirrors.coordinator.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.distr1.mirrors.shared.net.CidrPolicy;

/**
 * The coordinator's outgoing HTTP (verification, probes): one async client with a bounded pool and
 * hard timeouts, so a slow or silent mirror ties up nothing for long. Redirects are not followed (a
 * mirror must answer itself) and bodies are not decoded (checks look at the raw {@code
 * Content-Encoding}).
 *
 * <p>Every connection resolves the host name afresh and connects only to public addresses (the IANA
 * special-purpose registries, {@link CidrPolicy#refusal}) unless the registry allows non-public
 * mirrors ({@code registry.allowNonPublicAddresses}, the one setting for both enrolling and
 * connecting), so neither a host name rebound to an internal address nor an internal literal makes
 * the coordinator fetch from its own network.
 */
public class HttpClientFactory {

  /** Only the address classes matter for a connection; a host is a /32 or /128. */
  private static final CidrPolicy HOSTS = new CidrPolicy(1, 1, false, false, false);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration connectTimeout = Duration.seconds(5);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration responseTimeout = Duration.seconds(10);

  @Min(1)
  @Max(10_000)
  private int maxConnections = 64;

  @Min(1)
  @Max(1_000)
  private int maxConnectionsPerMirror = 4;

  @NotEmpty private String userAgent = "distri-mirrors-coordinator";

  @JsonProperty
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @JsonProperty
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  @JsonProperty
  public Duration getResponseTimeout() {
    return responseTimeout;
  }

  @JsonProperty
  public void setResponseTimeout(Duration responseTimeout) {
    this.responseTimeout = responseTimeout;
  }

  @JsonProperty
  public int getMaxConnections() {
    return maxConnections;
  }

  @JsonProperty
  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  @JsonProperty
  public int getMaxConnectionsPerMirror() {
    return maxConnectionsPerMirror;
  }

  @JsonProperty
  public void setMaxConnectionsPerMirror(int maxConnectionsPerMirror) {
    this.maxConnectionsPerMirror = maxConnectionsPerMirror;
  }

  @JsonProperty
  public String getUserAgent() {
    return userAgent;
  }

  @JsonProperty
  public void setUserAgent(String userAgent) {
    this.userAgent = userAgent;
  }

  /**
   * A started client, closed when the application stops.
   *
   * @param allowNonPublicAddresses connect also to loopback, private and link-local addresses
   */
  public CloseableHttpAsyncClient build(
      LifecycleEnvironment lifecycle, boolean allowNonPublicAddresses) {
    CloseableHttpAsyncClient client = build(allowNonPublicAddresses);
    lifecycle.manage(
        new Managed() {
          @Override
          public void start() {
            client.start();
          }

          @Override
          public void stop() {
            client.close(CloseMode.GRACEFUL);
          }
        });
    return client;
  }

  /** An unstarted client; the caller starts and closes it. */
  public CloseableHttpAsyncClient build(boolean allowNonPublicAddresses) {
    return build(allowNonPublicAddresses, SystemDefaultDnsResolver.INSTANCE);
  }

  /** An unstarted client that looks names up with {@code names} (tests control DNS with it). */
  public CloseableHttpAsyncClient build(boolean allowNonPublicAddresses, DnsResolver names) {
    CidrPolicy policy = allowNonPublicAddresses ? HOSTS.allowingNonPublic() : HOSTS;
    Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMilliseconds());
    Timeout response = Timeout.ofMilliseconds(responseTimeout.toMilliseconds());
    return HttpAsyncClients.custom()
        .setConnectionManager(
            PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new PublicAddressResolver(names, policy))
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnectionsPerMirror)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        .build())
                .build())
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setConnectionRequestTimeout(response)
                .setResponseTimeout(response)
                .setRedirectsEnabled(false)
                .build())
        .disableRedirectHandling()
        .evictIdleConnections(TimeValue.ofMinutes(1))
        .setUserAgent(userAgent)
        .build();
  }
}
