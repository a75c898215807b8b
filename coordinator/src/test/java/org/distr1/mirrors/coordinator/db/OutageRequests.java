package org.distr1.mirrors.coordinator.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The requests the database outage tests send: an enrollment (a write) and a public read. */
final class OutageRequests {
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger URLS = new AtomicInteger();

  private OutageRequests() {}

  /** Enrolls a new mirror (a fresh base URL each time) at {@code api} ({@code .../api}). */
  static HttpResponse<String> enroll(String api) throws Exception {
    Map<String, Object> body =
        Map.of(
            "name",
            "Test mirror",
            "baseUrl",
            "http://127.0.0.1:9/o" + URLS.incrementAndGet(),
            "contactEmail",
            "ops@example.org",
            "bandwidthMbps",
            10_000,
            "rsyncSources",
            List.of("127.0.0.1"),
            "location",
            Map.of("country", "DE", "continent", "EU", "latitude", 50.1, "longitude", 8.7));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api + "/v1/mirrors"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code path} and its answer as a string. */
  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
