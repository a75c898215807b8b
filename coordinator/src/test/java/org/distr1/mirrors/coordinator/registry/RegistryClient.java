package org.distr1.mirrors.coordinator.registry;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

/** Calls the coordinator's API as operators, nodes and the maintainer do, over real HTTP. */
final class RegistryClient {

  private final Client client;
  private final String api;

  RegistryClient(Client client, String api) {
    this.client = client;
    this.api = api;
  }

  Response call(String method, String path, String token, Object body) {
    Invocation.Builder request =
        client
            .target(api + path)
            .request()
            // HttpURLConnection knows no PATCH without this
            .property(HttpUrlConnectorProvider.SET_METHOD_WORKAROUND, true);
    if (token != null) {
      request = request.header("Authorization", "Bearer " + token);
    }
    Response response =
        body == null ? request.method(method) : request.method(method, Entity.json(body));
    // read the body now: the connection goes back to the pool even if the test looks only at the
    // status
    response.bufferEntity();
    return response;
  }

  Response enroll(Object body) {
    return call("POST", "/v1/mirrors", null, body);
  }

  /**
   * A valid enrollment for {@code baseUrl}, with {@code changes} replacing fields (null removes).
   */
  static Map<String, Object> enrollment(String baseUrl, Map<String, Object> changes) {
    Map<String, Object> body =
        new HashMap<>(
            Map.of(
                "name",
                "Test mirror",
                "baseUrl",
                baseUrl,
                "contactEmail",
                "ops@example.org",
                "bandwidthMbps",
                10_000,
                "rsyncSources",
                List.of("127.0.0.1"),
                "location",
                Map.of("country", "DE", "continent", "EU", "latitude", 50.1, "longitude", 8.7)));
    body.putAll(changes);
    body.values().removeIf(Objects::isNull);
    return body;
  }
}
