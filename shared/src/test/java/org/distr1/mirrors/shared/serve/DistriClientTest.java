package org.distr1.mirrors.shared.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that behaves like distri's: asks for {@code zstd, gzip}, decodes what it gets, and must
 * end up with the upstream bytes; the observer sees what was sent, by encoding.
 */
class DistriClientTest {
  @TempDir Path base;

  @Test
  void decodedBodiesEqualTheOriginalFilesAndAreCountedByEncoding() throws Exception {
    Path root = base.resolve("tree");
    Files.createDirectories(root);
    ServeFixture.write(root);
    Map<Encoding, LongAdder> bytes = new EnumMap<>(Encoding.class);
    for (Encoding encoding : Encoding.values()) {
      bytes.put(encoding, new LongAdder());
    }
    Server server =
        ServeFixture.start(
            new PrecompressedFileHandler(
                PrecompressedFileHandler.Root.fixed(root),
                path -> true,
                ServeOptions.immutableTree(100),
                (encoding, sent) -> bytes.get(encoding).add(sent)));
    try (CloseableHttpClient client = HttpClients.custom().disableContentCompression().build()) {
      for (String path :
          new String[] {
            ServeFixture.BOTH, ServeFixture.GZ_ONLY, ServeFixture.STALE, ServeFixture.TEXT
          }) {
        HttpGet get = new HttpGet("http://127.0.0.1:" + ServeFixture.port(server) + "/" + path);
        get.setHeader("Accept-Encoding", "zstd, gzip");
        byte[] decoded =
            client.execute(
                get,
                response -> {
                  assertThat(response.getCode()).isEqualTo(200);
                  String encoding =
                      response.getFirstHeader("Content-Encoding") == null
                          ? "identity"
                          : response.getFirstHeader("Content-Encoding").getValue();
                  try (InputStream body = response.getEntity().getContent();
                      InputStream plain =
                          switch (encoding) {
                            case "zstd" -> new ZstdInputStream(body);
                            case "gzip" -> new GZIPInputStream(body);
                            default -> body;
                          }) {
                    return plain.readAllBytes();
                  }
                });
        assertThat(decoded).as(path).isEqualTo(Files.readAllBytes(root.resolve(path)));
      }
    } finally {
      server.stop();
    }
    assertThat(bytes.get(Encoding.ZSTD).sum())
        .isEqualTo(
            Files.size(root.resolve(ServeFixture.BOTH + ".zst"))
                + Files.size(root.resolve(ServeFixture.TEXT + ".zst")));
    assertThat(bytes.get(Encoding.GZIP).sum())
        .isEqualTo(Files.size(root.resolve(ServeFixture.GZ_ONLY + ".gz")));
    assertThat(bytes.get(Encoding.IDENTITY).sum())
        .isEqualTo(Files.size(root.resolve(ServeFixture.STALE)));
  }
}
