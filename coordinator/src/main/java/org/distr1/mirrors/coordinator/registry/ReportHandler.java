package org.distr1.mirrors.coordinator.registry;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dropwizard.auth.AuthenticationException;
import io.dropwizard.auth.Authenticator;
import io.prometheus.metrics.core.metrics.Histogram;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distr1.mirrors.coordinator.auth.ApiAuthentication;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.shared.api.ApiError;
import org.distr1.mirrors.shared.api.NodeReport;
import org.distr1.mirrors.shared.api.ReportAnswer;
import org.distr1.mirrors.shared.web.ApiErrors;
import org.distr1.mirrors.shared.web.ApiException;
import org.distr1.mirrors.shared.web.DatabaseOutage;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /api/v1/mirrors/{id}/reports}, the one endpoint every node calls every interval,
 * outside Jersey: a Jetty handler that reads the body, authenticates, and answers when the writer's
 * group commit completes, without holding a thread while it waits. Same contract as the Jersey
 * endpoints (bearer token, JSON in and out, {@link ApiError} refusals built by {@link ApiErrors});
 * everything else on the connector passes through.
 */
final class ReportHandler extends Handler.Wrapper {

  private static final Pattern PATH = Pattern.compile("/api/v1/mirrors/([0-9]{1,18})/reports");
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "POST");
  private static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, "close");

  /** Far above any report a node sends; the stored JSON's own limit is checked after parsing. */
  static final int MAX_BODY_BYTES = Reports.MAX_JSON_BYTES;

  private final Reports reports;
  private final Authenticator<String, MirrorPrincipal> tokens;
  private final ObjectReader reportReader;
  private final ObjectWriter answerWriter;
  private final ObjectWriter errorWriter;
  private final Meter stored;
  private final Histogram latency;

  ReportHandler(
      Reports reports,
      Authenticator<String, MirrorPrincipal> tokens,
      ObjectMapper json,
      Meter stored,
      Histogram latency) {
    this.reports = reports;
    this.tokens = tokens;
    // strict types, but a newer node may send fields this coordinator does not know yet
    this.reportReader =
        json.readerFor(NodeReport.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.answerWriter = json.writerFor(ReportAnswer.class);
    this.errorWriter = json.writerFor(ApiError.class);
    this.stored = stored;
    this.latency = latency;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String raw = request.getHttpURI().getPath();
    // every repository request passes here first: a cheap look before the pattern
    Matcher path = raw != null && raw.endsWith("/reports") ? PATH.matcher(raw) : null;
    if (path == null || !path.matches()) {
      return super.handle(request, response, callback);
    }
    long start = System.nanoTime();
    long id = Long.parseLong(path.group(1));
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    try {
      refuseUnlessReport(request);
      Optional<MirrorPrincipal> node = authenticate(request);
      if (node.isEmpty()) {
        closeUnlessBodyless(request, response);
        response
            .getHeaders()
            .put(HttpHeader.WWW_AUTHENTICATE, ApiAuthentication.challenge(MirrorPrincipal.REALM));
        write(
            response,
            callback,
            false,
            errorWriter,
            ApiAuthentication.unauthorized(MirrorPrincipal.REALM));
        return true;
      }
      node.get().requireMirror(id);
      Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES)
          .handle(
              (body, failure) -> {
                if (failure != null) {
                  response.getHeaders().put(CLOSE);
                  throw unreadable(request, failure);
                }
                return parse(body);
              })
          .thenCompose(report -> reports.receive(node.get(), id, report))
          // answered on Jetty's pool: the writer thread only commits
          .whenCompleteAsync(
              (answer, failure) -> {
                if (failure == null) {
                  stored.mark();
                  latency.observe((System.nanoTime() - start) / 1e9);
                  write(response, callback, false, answerWriter, answer);
                } else {
                  refuse(response, callback, false, failure);
                }
              },
              request.getComponents().getExecutor());
    } catch (Exception e) {
      closeUnlessBodyless(request, response);
      refuse(response, callback, head, e);
    }
    return true;
  }

  /**
   * Refused before its body was read: the rest of the body may still be on its way, so the
   * connection is closed after the answer, and the client is told so rather than finding out on its
   * next request.
   */
  private static void closeUnlessBodyless(Request request, Response response) {
    if (request.getLength() != 0) {
      response.getHeaders().put(CLOSE);
    }
  }

  /** What Jersey refused before authentication: another method, a body that is not JSON. */
  private static void refuseUnlessReport(Request request) {
    if (!HttpMethod.POST.is(request.getMethod())) {
      throw new ApiException(405, "method_not_allowed", ApiErrors.messageFor(405, null));
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null
        || !"application/json"
            .equalsIgnoreCase(MimeTypes.getContentTypeWithoutCharset(type).trim())) {
      throw new ApiException(415, "unsupported_media_type", ApiErrors.messageFor(415, null));
    }
    String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
      throw new ApiException(
          415, "unsupported_media_type", "Send the report without Content-Encoding.");
    }
    if (request.getLength() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
  }

  /** The mirror the bearer token stands for, if any. */
  private Optional<MirrorPrincipal> authenticate(Request request) throws AuthenticationException {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    int space = header == null ? -1 : header.indexOf(' ');
    if (space > 0 && ApiAuthentication.BEARER.equalsIgnoreCase(header.substring(0, space))) {
      return tokens.authenticate(header.substring(space + 1));
    }
    return Optional.empty();
  }

  /** The body could not be read whole: longer than allowed, or the client went away. */
  private static ApiException unreadable(Request request, Throwable failure) {
    if (Request.getContentBytesRead(request) > MAX_BODY_BYTES) {
      return tooLarge();
    }
    return ApiException.badRequest(
        "bad_body", "Unable to read the request body: " + unwrap(failure).getMessage());
  }

  private NodeReport parse(byte[] body) {
    try {
      NodeReport report = reportReader.readValue(body);
      if (report == null) {
        throw ApiException.badRequest(
            "bad_json", "The body must be a JSON object: a node report, not null.");
      }
      return report;
    } catch (JsonProcessingException e) {
      ApiError error = ApiErrors.unreadableJson(e);
      throw new ApiException(error.status(), error.code(), error.message());
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("bad_json", "Unable to read the JSON body: " + e.getMessage());
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413, "report_too_large", "A report body may take at most " + MAX_BODY_BYTES + " bytes.");
  }

  private void refuse(Response response, Callback callback, boolean head, Throwable failure) {
    Throwable cause = unwrap(failure);
    ApiError error =
        cause instanceof ApiException refusal ? refusal.toError() : ApiErrors.unexpected(cause);
    if (error.status() == 405) {
      response.getHeaders().put(ALLOW);
    }
    if (error.status() == 503) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS);
    }
    write(response, callback, head, errorWriter, error);
  }

  /** A stage's failure as thrown, not as the future chain wraps it. */
  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static void write(
      Response response, Callback callback, boolean head, ObjectWriter writer, Object body) {
    byte[] bytes;
    try {
      bytes = writer.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    response.setStatus(body instanceof ApiError error ? error.status() : 200);
    response.getHeaders().put(JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }
}
