package org.distr1.mirrors.coordinator.routing.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.routing.MirrorList;
import org.distr1.mirrors.shared.api.ApiError;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Metalink answers: {@code GET <file>.meta4}, or a file asked for with an {@code Accept} that
 * prefers {@code application/metalink4+xml}. The document lists the mirrors routing would consider
 * for this client, best first (the {@code ?mirrorlist} order), and the coordinator's own URL for
 * the file last; {@code ?mirrors=N} lists at most N mirrors.
 */
public final class Metalinks {
  static final String SUFFIX = ".meta4";
  private static final String COUNT = "mirrors";
  private static final HttpField TYPE =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, MetalinkDocument.MEDIA_TYPE);
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "private, no-store");
  private static final HttpField VARY_ACCEPT = new PreEncodedHttpField(HttpHeader.VARY, "Accept");
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

  private final Function<OriginFile, FileDigests> digests;
  private final int maxMirrors;
  private final ObjectMapper json;

  /**
   * @param digests the hashes of a file's current content, null while not hashed yet
   * @param maxMirrors most mirrors a document lists, whatever the request asks
   */
  public Metalinks(Function<OriginFile, FileDigests> digests, int maxMirrors, ObjectMapper json) {
    this.digests = digests;
    this.maxMirrors = maxMirrors;
    this.json = json;
  }

  /**
   * Whether the client's most preferred type is a metalink (q-values honoured; at equal quality the
   * more specific type wins, so {@code *}{@code /*, application/metalink4+xml} as aria2 sends it
   * asks for one). A range request always wants the file itself.
   */
  static boolean negotiated(Request request) {
    List<String> accept = request.getHeaders().getValuesList(HttpHeader.ACCEPT);
    if (accept.isEmpty()
        || !mentionsMetalink(accept)
        || request.getHeaders().contains(HttpHeader.RANGE)) {
      return false;
    }
    QuotedQualityCSV csv = new QuotedQualityCSV(QuotedQualityCSV.MOST_SPECIFIC_MIME_ORDERING);
    accept.forEach(csv::addValue);
    List<String> values = csv.getValues();
    return !values.isEmpty()
        && values.get(0).split(";", 2)[0].trim().equalsIgnoreCase(MetalinkDocument.MEDIA_TYPE);
  }

  /** Spares the redirect path parsing the qualities of the many clients that never ask. */
  private static boolean mentionsMetalink(List<String> accept) {
    String type = MetalinkDocument.MEDIA_TYPE;
    for (String value : accept) {
      for (int at = 0; at + type.length() <= value.length(); at++) {
        if (value.regionMatches(true, at, type, 0, type.length())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The absolute URL of this path at the coordinator, as the client addressed it. */
  static String originUrl(Request request, String encodedPath) {
    HttpURI uri = request.getHttpURI();
    return uri.getScheme() + "://" + uri.getAuthority() + encodedPath;
  }

  void answer(
      Request request,
      Response response,
      Callback callback,
      boolean head,
      MirrorList list,
      boolean negotiated)
      throws Exception {
    Integer count = count(request);
    if (count == null) {
      byte[] body =
          json.writeValueAsBytes(
              new ApiError(400, "invalid_parameter", "mirrors must be a whole number, 0 or more"));
      response.setStatus(400);
      response.getHeaders().put(JSON);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
      return;
    }
    String path = list.file().path();
    List<MetalinkDocument.Url> urls = new ArrayList<>();
    for (MirrorList.Ranked ranked : list.candidates()) {
      if (urls.size() == count) {
        break;
      }
      String country = ranked.mirror().countryCode();
      urls.add(
          new MetalinkDocument.Url(
              MirrorUrls.of(ranked.mirror(), path),
              country == null ? null : country.toLowerCase(Locale.ROOT),
              urls.size() + 1));
    }
    urls.add(
        new MetalinkDocument.Url(
            originUrl(request, "/" + MirrorUrls.encode(path)), null, urls.size() + 1));
    FileDigests hashes = digestsOf(list.file());
    byte[] body = MetalinkDocument.render(list.file(), hashes, urls);
    response.setStatus(200);
    response.getHeaders().put(TYPE);
    response.getHeaders().put(NO_STORE);
    if (negotiated) {
      response.getHeaders().put(VARY_ACCEPT);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
  }

  /** Hashes of the file's current content, null while not hashed yet. */
  FileDigests digestsOf(OriginFile file) {
    return digests.apply(file);
  }

  /** The mirror count asked for, the most allowed when not asked, null when malformed. */
  private Integer count(Request request) {
    Fields query = Request.extractQueryParameters(request);
    Fields.Field field = query.get(COUNT);
    if (field == null) {
      return maxMirrors;
    }
    try {
      int count = Integer.parseInt(field.getValue());
      return count < 0 ? null : Math.min(count, maxMirrors);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
