package org.distr1.mirrors.shared.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.distr1.mirrors.shared.api.ApiError;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the file server's non-file answers: JSON errors, JSON and HTML bodies. */
final class Replies {
  static final HttpField VARY_ACCEPT_ENCODING =
      new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
  static final HttpField VARY_ACCEPT = new PreEncodedHttpField(HttpHeader.VARY, "Accept");
  static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
  static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "GET, HEAD");
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField HTML =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
  private static final ObjectMapper MAPPER =
      Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Replies() {}

  static void error(
      Response response, Callback callback, boolean head, int status, String code, String message) {
    response.setStatus(status);
    json(response, callback, head, new ApiError(status, code, message));
  }

  /** The error document alone, for answers written before any handler ran. */
  static byte[] errorBytes(ApiError error) {
    try {
      return MAPPER.writeValueAsBytes(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an ApiError always serializes", e);
    }
  }

  static void json(Response response, Callback callback, boolean head, Object body) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    body(response, callback, head, JSON, bytes);
  }

  static void html(Response response, Callback callback, boolean head, byte[] bytes) {
    body(response, callback, head, HTML, bytes);
  }

  static void redirect(Response response, Callback callback, String location) {
    response.setStatus(301);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    body(response, callback, true, HTML, new byte[0]);
  }

  private static void body(
      Response response, Callback callback, boolean head, HttpField type, byte[] bytes) {
    response.getHeaders().put(type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
