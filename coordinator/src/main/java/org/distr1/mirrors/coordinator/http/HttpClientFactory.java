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
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The coordinator's outgoing HTTP (verification, probes): one async client with a bounded pool
 * and hard timeouts, so a slow or silent mirror ties up nothing for long. Redirects are not
 * followed (a mirror must answer itself) and bodies are not decoded (checks look at the raw
 * {@code Content-Encoding}).
 */
public class HttpClientFactory {

  @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration connectTimeout = Duration.seconds(5);

  @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration responseTimeout = Duration.seconds(10);

  @Min(1) @Max(10_000)
  private int maxConnections = 64;

  @Min(1) @Max(1_000)
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

  /** A started client, closed when the application stops. */
  public CloseableHttpAsyncClient build(LifecycleEnvironment lifecycle) {
    CloseableHttpAsyncClient client = build();
    lifecycle.manage(new Managed() {
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
  public CloseableHttpAsyncClient build() {
    Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMilliseconds());
    Timeout response = Timeout.ofMilliseconds(responseTimeout.toMilliseconds());
    return HttpAsyncClients.custom()
        .setConnectionManager(
            PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnectionsPerMirror)
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(response).build())
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
