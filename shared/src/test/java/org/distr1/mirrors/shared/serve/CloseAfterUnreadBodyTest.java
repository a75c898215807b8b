package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.distr1.mirrors.shared.testing.RawHttp;
import org.distr1.mirrors.shared.testing.RawHttp.Exchange;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A refusal that leaves the body unread is followed by Jetty closing the connection; the answer
 * says so. An answer to a request whose body was read keeps the connection.
 */
class CloseAfterUnreadBodyTest {
  static Server server;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new CloseAfterUnreadBody(
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                if (Request.getPathInContext(request).equals("/read")) {
                  // reads the whole body, then answers without content
                  response.setStatus(204);
                  Content.Source.consumeAll(request, callback);
                  return true;
                }
                if (Request.getPathInContext(request).equals("/empty")) {
                  response.setStatus(401);
                  callback.succeeded();
                  return true;
                }
                response.setStatus(400);
                response.write(
                    true,
                    StandardCharsets.UTF_8.encode("{\"status\":400,\"code\":\"bad_json\"}"),
                    callback);
                return true;
              }
            }));
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void aRefusalBeforeTheBodyEndsSaysConnectionClose() throws IOException {
    Exchange refused =
        exchange(
            "POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000\r\n\r\n"
                + "{".repeat(1000));
    assertThat(refused.head())
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("Connection: close");
    assertThat(refused.closed()).isTrue();
  }

  @Test
  void soDoesAnAnswerWithoutContentAndAChunkedBody() throws IOException {
    Exchange empty =
        exchange(
            "POST /empty HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n" + "x".repeat(10));
    assertThat(empty.head()).startsWith("HTTP/1.1 401 ").containsIgnoringCase("Connection: close");
    assertThat(empty.closed()).isTrue();
    Exchange chunked =
        exchange(
            "POST /refuse HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n0123456789\r\n");
    assertThat(chunked.head())
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("Connection: close");
  }

  @Test
  void aReadBodyOrNoBodyKeepsTheConnection() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                  + "GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String both = RawHttp.readUntil(socket.getInputStream(), "bad_json");
      assertThat(both).startsWith("HTTP/1.1 204 ").contains("HTTP/1.1 400 ");
      assertThat(both).doesNotContainIgnoringCase("Connection: close");
    }
  }

  private static Exchange exchange(String request) throws IOException {
    return RawHttp.exchange(port, request);
  }
}
