package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Jetty refuses before any handler runs still answers in the API's JSON error shape. */
class JsonErrorHandlerTest {
  static Server server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            callback.succeeded();
            return true;
          }
        });
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void anAmbiguousEncodedSegmentIsAJson400() throws IOException {
    String answer =
        exchange(
            "GET /distri/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(answer).containsIgnoringCase("Content-Type: application/json");
    assertThat(body(answer))
        .startsWith("{\"status\":400,\"code\":\"bad_request\",\"message\":\"Bad Request")
        .doesNotContain("<html");
  }

  @Test
  void anOversizedHeaderIsAJson431() throws IOException {
    String answer =
        exchange(
            "GET /x HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 431 ");
    assertThat(answer).containsIgnoringCase("Content-Type: application/json");
    assertThat(body(answer))
        .startsWith("{\"status\":431,\"code\":\"request_header_fields_too_large\"");
  }

  @Test
  void aGoodRequestIsUntouched() throws IOException {
    assertThat(exchange("GET /distri/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ");
  }

  private static String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // Jetty may answer and close before it has read an oversized request; the answer still
        // counts
      }
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }
}
