package org.distr1.mirrors.coordinator.allowlist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.distr1.mirrors.shared.files.AtomicFiles;
import org.distr1.mirrors.shared.net.CidrPolicy;

/**
 * What {@code allowlist-apply} does on a separate rsync host: fetch the coordinator's rsyncd or
 * systemd export with a read-only token, check it strictly (every network valid under the local
 * policy, nothing but the canonical text), replace the local file atomically and, for the systemd
 * drop-in, run the reload command. Any failure throws and leaves the last good file exactly as it
 * was; a failed reload puts the previous file back, so that the next run sees the change again.
 */
public final class AllowlistApply {

  /** The fragment is a few hundred kB for tens of thousands of networks; more is not ours. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  /** What a run did. */
  public record Outcome(int networks, boolean changed) {}

  /** A run that must not change the file and must exit non-zero. */
  public static final class ApplyException extends Exception {
    private static final long serialVersionUID = 1L;

    ApplyException(String message) {
      super(message);
    }

    ApplyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI exportUri;
  private final String token;
  private final ApplyTarget target;
  private final Path output;
  private final CidrPolicy policy;
  private final Duration timeout;

  /**
   * @param exportUri the export of {@code target}'s format
   * @param timeout for the fetch, and again for the reload command
   */
  public AllowlistApply(
      URI exportUri, String token, ApplyTarget target, CidrPolicy policy, Duration timeout) {
    this.exportUri = exportUri;
    this.token = token;
    this.target = target;
    this.output = target.output();
    this.policy = policy;
    this.timeout = timeout;
  }

  public Outcome run() throws ApplyException {
    Optional<byte[]> current = readCurrent();
    byte[] fetched = fetch(current);
    int networks = validate(fetched);
    if (current.isPresent() && Arrays.equals(current.get(), fetched)) {
      return new Outcome(networks, false);
    }
    write(fetched);
    if (!target.reload().isEmpty()) {
      try {
        ReloadCommand.run(target.reload(), timeout);
      } catch (ApplyException e) {
        restore(current);
        throw e;
      }
    }
    return new Outcome(networks, true);
  }

  private void write(byte[] content) throws ApplyException {
    try {
      AtomicFiles.replace(output, content);
    } catch (IOException e) {
      throw new ApplyException("cannot write " + output + ": " + e, e);
    }
  }

  /** After a failed reload: the file again says what the reader last loaded (as far as we know). */
  private void restore(Optional<byte[]> previous) throws ApplyException {
    if (previous.isPresent()) {
      write(previous.get());
      return;
    }
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      throw new ApplyException("cannot remove " + output + " after the failed reload: " + e, e);
    }
  }

  private record Response(int status, byte[] body) {}

  /** The export's bytes; on 304 the current file's (whose digest matched the ETag). */
  private byte[] fetch(Optional<byte[]> current) throws ApplyException {
    HttpGet get = new HttpGet(exportUri);
    get.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    current.ifPresent(
        bytes -> get.setHeader(HttpHeaders.IF_NONE_MATCH, Representation.etagOf(bytes)));
    Response response;
    try (CloseableHttpClient client = client()) {
      response =
          client.execute(
              get,
              r ->
                  new Response(
                      r.getCode(),
                      r.getEntity() == null
                          ? new byte[0]
                          : EntityUtils.toByteArray(r.getEntity(), MAX_BODY_BYTES + 1)));
    } catch (IOException e) {
      throw new ApplyException("cannot fetch " + exportUri + ": " + e, e);
    }
    int status = response.status();
    if (status == HttpStatus.SC_NOT_MODIFIED && current.isPresent()) {
      return current.get();
    }
    if (status == HttpStatus.SC_UNAUTHORIZED || status == HttpStatus.SC_FORBIDDEN) {
      throw new ApplyException(exportUri + " refused the token (HTTP " + status + ")");
    }
    if (status != HttpStatus.SC_OK) {
      throw new ApplyException(exportUri + " answered HTTP " + status);
    }
    if (response.body().length > MAX_BODY_BYTES) {
      throw new ApplyException(
          "export from " + exportUri + " exceeds " + MAX_BODY_BYTES + " bytes");
    }
    return response.body();
  }

  private Optional<byte[]> readCurrent() throws ApplyException {
    try {
      return Optional.of(Files.readAllBytes(output));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ApplyException("cannot read the current fragment " + output + ": " + e, e);
    }
  }

  private CloseableHttpClient client() {
    Timeout limit = Timeout.of(timeout);
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(limit)
                        .setSocketTimeout(limit)
                        .build())
                .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
        // a redirect could carry the token elsewhere; the timer retries, so neither is needed
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .build();
  }

  private int validate(byte[] fetched) throws ApplyException {
    try {
      String text = UTF_8.newDecoder().decode(ByteBuffer.wrap(fetched)).toString();
      return switch (target.format()) {
        case SYSTEMD -> SocketDropIn.parse(text, policy).size();
        default -> RsyncdFragment.parse(text, policy).size();
      };
    } catch (CharacterCodingException e) {
      throw new ApplyException("export from " + exportUri + " is not UTF-8 text", e);
    } catch (IllegalArgumentException e) {
      throw new ApplyException("export from " + exportUri + " refused: " + e.getMessage(), e);
    }
  }
}
