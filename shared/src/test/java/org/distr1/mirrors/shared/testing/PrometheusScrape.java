package org.distr1.mirrors.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_29_3.Metrics;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a program's {@code /metrics} as Prometheus does and reads it with Prometheus's own
 * parsers: the text exposition with {@code promtool check metrics} (the Prometheus server's parser
 * and linter, Debian's {@code prometheus} package), the protobuf exposition with the client
 * library's generated {@code MetricFamily} parser.
 */
public final class PrometheusScrape {
  private static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The text exposition, after promtool parsed it; lint remarks are returned, not failed. */
  public record Text(String body, String lint) {}

  private PrometheusScrape() {}

  public static Text text(URI metrics) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(metrics).header("Accept", "text/plain").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = promtool.getOutputStream()) {
      in.write(response.body().getBytes(StandardCharsets.UTF_8));
    }
    String output;
    try (InputStream out = promtool.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // 0: clean, 3: parsed with lint remarks, 1: not parseable
    assertThat(promtool.exitValue()).as(output).isIn(0, 3);
    return new Text(response.body(), output);
  }

  /** Every metric family by name, read from the protobuf exposition. */
  public static Map<String, Metrics.MetricFamily> families(URI metrics) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(metrics).header("Accept", PROTOBUF).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/vnd.google.protobuf"));
    Map<String, Metrics.MetricFamily> families = new LinkedHashMap<>();
    InputStream in = new ByteArrayInputStream(response.body());
    Metrics.MetricFamily family;
    while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
      families.put(family.getName(), family);
    }
    return families;
  }

  /** Lint remarks of promtool about these metric names. */
  public static List<String> lintAbout(Text text, String... prefixes) {
    return text.lint()
        .lines()
        .filter(line -> java.util.Arrays.stream(prefixes).anyMatch(line::startsWith))
        .toList();
  }
}
