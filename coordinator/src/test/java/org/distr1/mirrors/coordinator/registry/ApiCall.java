package org.distr1.mirrors.coordinator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One JSON API request to a coordinator over real HTTP, for tests that drive its processes. */
public final class ApiCall {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();

  private ApiCall() {}

  /**
   * @param api e.g. {@code http://127.0.0.1:<port>/api}; {@code token} and {@code body} may be null
   */
  public static HttpResponse<String> send(
      HttpClient http, String api, String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
