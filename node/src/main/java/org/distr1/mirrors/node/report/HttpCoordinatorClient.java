package org.distr1.mirrors.node.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;

/** Reports over HTTP(S) with the mirror's bearer token and hard timeouts. */
final class HttpCoordinatorClient implements CoordinatorClient {

  private final HttpClient http;
  private final URI reports;
  private final String token;
  private final ObjectMapper json;
  private final Duration timeout;

  HttpCoordinatorClient(
      URI coordinator, long mirrorId, String token, ObjectMapper json, Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.reports = coordinator.resolve("/api/v1/mirrors/" + mirrorId + "/reports");
    this.token = token;
    this.json = json;
    this.timeout = timeout;
  }

  @Override
  public ReportAnswer report(NodeReport report) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(reports)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report)))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "coordinator answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return json.readValue(response.body(), ReportAnswer.class);
  }
}
