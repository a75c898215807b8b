package org.distr1.mirrors.shared.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.Server;

/** A fixture tree served on loopback by the file server, with small HTTP helpers. */
final class ServedTree implements AutoCloseable {
  final Path root;
  final Server server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  ServedTree(Path base) throws Exception {
    this.root = base.resolve("tree");
    Files.createDirectories(root);
    ServeFixture.write(root);
    this.server =
        ServeFixture.start(
            new PrecompressedFileHandler(
                PrecompressedFileHandler.Root.fixed(root),
                path -> true,
                ServeOptions.immutableTree(1000),
                ServeObserver.NONE));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + ServeFixture.port(server) + path);
  }

  HttpResponse<byte[]> get(String path, String... headers)
      throws IOException, InterruptedException {
    return send("GET", path, headers);
  }

  HttpResponse<byte[]> head(String path, String... headers)
      throws IOException, InterruptedException {
    return send("HEAD", path, headers);
  }

  HttpResponse<byte[]> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  byte[] original(String path) throws IOException {
    return Files.readAllBytes(root.resolve(path));
  }

  /** Sends a request line byte for byte (no client-side normalization) and returns the reply. */
  String raw(String requestTarget) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", ServeFixture.port(server))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + requestTarget + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static int status(String rawResponse) {
    return Integer.parseInt(rawResponse.substring(9, 12));
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
