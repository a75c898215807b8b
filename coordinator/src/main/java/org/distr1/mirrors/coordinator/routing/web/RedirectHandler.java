package org.distr1.mirrors.coordinator.routing.web;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.Histogram;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.distr1.mirrors.coordinator.geo.GeoLocator;
import org.distr1.mirrors.coordinator.net.ClientAddresses;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.routing.Client;
import org.distr1.mirrors.coordinator.routing.MirrorCandidate;
import org.distr1.mirrors.coordinator.routing.MirrorList;
import org.distr1.mirrors.coordinator.routing.RouteDecision;
import org.distr1.mirrors.coordinator.routing.RoutingSnapshot;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.distr1.mirrors.coordinator.stats.DownloadCounter;
import org.distr1.mirrors.coordinator.stats.OriginReason;
import org.distr1.mirrors.shared.repo.InvalidPathException;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.serve.DirectoryListing;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers repository requests with a redirect to the best fresh mirror, reading only the current
 * routing snapshot. Whatever it does not redirect — no eligible mirror, an unknown or malformed
 * path, a directory, another method — goes to the wrapped handler: the origin's file server, which
 * serves, lists, or answers 404/400/405 exactly as a node would.
 */
public final class RedirectHandler extends Handler.Wrapper {
  /** Names the chosen mirror, for clients' logs and for debugging routing. */
  public static final String MIRROR_HEADER = "X-Distri-Mirror";

  private static final String FORWARDED_FOR = "X-Forwarded-For";

  /**
   * Most characters of a Link duplicate besides its URL: {@code <>; rel=duplicate; pri=NN; geo=cc,
   * }.
   */
  private static final int LINK_PER_MIRROR = 40;

  /** Most characters of the describedby link besides scheme, host and path. */
  private static final int DESCRIBED_BY = 96;

  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "private, no-store");
  private static final HttpField ZERO_LENGTH =
      new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, "0");
  private static final HttpField VARY_ACCEPT = new PreEncodedHttpField(HttpHeader.VARY, "Accept");
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField HTML =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");

  private final RoutingTable table;
  private final Predicate<OriginFile> unchanged;
  private final ClientAddresses addresses;
  private final GeoLocator geo;
  private final Predicate<String> scope;
  private final ObjectMapper json;
  private final Metalinks metalinks;
  private final Meter redirects;
  private final Meter fromOrigin;
  private final Histogram latency;
  private final DownloadCounter downloads;

  /**
   * @param unchanged whether a mutable file at the origin is still the one the routing snapshot
   *     knows (one stat; see {@code OriginIndex.unchanged}): one changed since goes to the origin
   */
  public RedirectHandler(
      Handler origin,
      RoutingTable table,
      Predicate<OriginFile> unchanged,
      ClientAddresses addresses,
      GeoLocator geo,
      Predicate<String> scope,
      ObjectMapper json,
      Metalinks metalinks,
      RedirectMetrics metrics,
      DownloadCounter downloads) {
    super(origin);
    this.table = table;
    this.unchanged = unchanged;
    this.addresses = addresses;
    this.geo = geo;
    this.scope = scope;
    this.json = json;
    this.metalinks = metalinks;
    this.redirects = metrics.redirects();
    this.fromOrigin = metrics.fromOrigin();
    this.latency = metrics.latency();
    this.downloads = downloads;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    String raw = request.getHttpURI().getPath();
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    if (raw == null || !scope.test(raw) || !head && !HttpMethod.GET.is(request.getMethod())) {
      return super.handle(request, response, callback);
    }
    RepositoryPath path;
    try {
      path = RepositoryPath.parse(raw);
    } catch (InvalidPathException e) {
      return super.handle(request, response, callback);
    }
    if (path.directoryForm()) {
      return super.handle(request, response, callback);
    }
    String relative = path.relative();
    Client client = client(request);
    RoutingSnapshot snapshot = table.current();
    if (wantsMirrorList(request)) {
      MirrorList list = snapshot.mirrorList(relative, client);
      if (list != null) {
        mirrorList(request, response, callback, head, MirrorListView.of(relative, list));
        return true;
      }
      return super.handle(request, response, callback);
    }
    boolean suffixed =
        relative.endsWith(Metalinks.SUFFIX) && snapshot.origin().get(relative) == null;
    if (suffixed || Metalinks.negotiated(request)) {
      MirrorList list =
          snapshot.mirrorList(
              suffixed
                  ? relative.substring(0, relative.length() - Metalinks.SUFFIX.length())
                  : relative,
              client);
      if (list != null) {
        metalinks.answer(request, response, callback, head, list, !suffixed);
        return true;
      }
      return super.handle(request, response, callback);
    }
    RouteDecision decision = snapshot.route(relative, client);
    if (decision.redirected() && decision.file().mutable() && !unchanged.test(decision.file())) {
      // changed since the snapshot: no mirror is known to hold it, and its digests are the old ones
      fromOrigin.mark();
      downloads.fromOrigin(OriginReason.CHANGED, country(client), decision.file().path(), true);
      return super.handle(request, response, callback);
    }
    if (!decision.redirected()) {
      fromOrigin.mark();
      if (!decision.found()) {
        downloads.fromOrigin(OriginReason.NOT_FOUND, country(client), relative, false);
        return super.handle(request, response, callback);
      }
      downloads.fromOrigin(OriginReason.NO_MIRROR, country(client), decision.file().path(), true);
      return super.handle(
          request,
          new DescribedResponse(
              request,
              response,
              describedBy(request, MirrorUrls.encode(relative)),
              metalinks.digestsOf(decision.file())),
          callback);
    }
    redirects.mark();
    downloads.redirected(decision.mirror().id(), country(client), decision.file().path());
    redirect(request, response, callback, decision, relative);
    latency.observe((System.nanoTime() - start) / 1e9);
    return true;
  }

  /** RFC 6249: {@code <url.meta4>; rel=describedby; type="application/metalink4+xml"}. */
  private static String describedBy(Request request, String encodedPath) {
    return "<"
        + Metalinks.originUrl(request, "/" + encodedPath)
        + Metalinks.SUFFIX
        + ">; rel=describedby; type=\""
        + MetalinkDocument.MEDIA_TYPE
        + "\"";
  }

  private static String country(Client client) {
    return client.location().countryCode();
  }

  private Client client(Request request) {
    InetAddress peer =
        ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getAddress();
    InetAddress address =
        addresses.resolve(peer, request.getHeaders().getValuesList(FORWARDED_FOR));
    return new Client(address, geo.locate(address));
  }

  private static boolean wantsMirrorList(Request request) {
    String query = request.getHttpURI().getQuery();
    if (query == null) {
      return false;
    }
    for (String parameter : query.split("&")) {
      if (parameter.equals("mirrorlist") || parameter.startsWith("mirrorlist=")) {
        return true;
      }
    }
    return false;
  }

  private void redirect(
      Request request,
      Response response,
      Callback callback,
      RouteDecision decision,
      String relative) {
    MirrorCandidate chosen = decision.mirror();
    String path = MirrorUrls.encode(relative);
    String base = chosen.baseUrl().toString();
    HttpURI uri = request.getHttpURI();
    // one builder of the final size: growing it, the Location substring and the describedby
    // string in between were a third of what a redirect allocated
    int size = base.length() + path.length() + LINK_PER_MIRROR;
    for (MirrorCandidate alternate : decision.alternates()) {
      size += alternate.baseUrl().toString().length() + path.length() + LINK_PER_MIRROR;
    }
    size += uri.getScheme().length() + uri.getHost().length() + path.length() + DESCRIBED_BY;
    StringBuilder link = new StringBuilder(size);
    appendLink(link, base, path, 1, chosen);
    int priority = 2;
    for (MirrorCandidate alternate : decision.alternates()) {
      appendLink(link.append(", "), alternate.baseUrl().toString(), path, priority++, alternate);
    }
    link.append(", <").append(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() > 0) {
      link.append(':').append(uri.getPort());
    }
    link.append('/')
        .append(path)
        .append(Metalinks.SUFFIX)
        .append(">; rel=describedby; type=\"")
        .append(MetalinkDocument.MEDIA_TYPE)
        .append('"');
    // the answer's fields are new: add, not put (put searches them for a field to replace)
    HttpFields.Mutable headers = response.getHeaders();
    response.setStatus(302);
    headers.add(new HttpField(HttpHeader.LOCATION, base.concat(path)));
    headers.add(NO_STORE);
    headers.add(new HttpField(null, MIRROR_HEADER, chosen.name()));
    headers.add(new HttpField(HttpHeader.LINK, link.toString()));
    FileDigests digests = metalinks.digestsOf(decision.file());
    if (digests != null) {
      headers.add(new HttpField(null, DescribedResponse.REPR_DIGEST, digests.reprDigest()));
      headers.add(new HttpField(null, DescribedResponse.DIGEST, digests.digest()));
    }
    headers.add(ZERO_LENGTH);
    response.write(true, null, callback);
  }

  /** RFC 6249 duplicate: {@code <url>; rel=duplicate; pri=N; geo=cc}. */
  private static void appendLink(
      StringBuilder link, String base, String path, int priority, MirrorCandidate mirror) {
    link.append('<').append(base).append(path).append(">; rel=duplicate; pri=").append(priority);
    String country = mirror.countryCode();
    if (country != null) {
      link.append("; geo=");
      for (int c = 0; c < country.length(); c++) {
        link.append(Character.toLowerCase(country.charAt(c)));
      }
    }
  }

  private void mirrorList(
      Request request, Response response, Callback callback, boolean head, MirrorListView view)
      throws Exception {
    boolean asJson =
        DirectoryListing.wantsJson(request.getHeaders().getValuesList(HttpHeader.ACCEPT));
    byte[] body =
        asJson
            ? json.writeValueAsBytes(view)
            : MirrorListHtml.render(view).getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.getHeaders().put(asJson ? JSON : HTML);
    response.getHeaders().put(NO_STORE);
    response.getHeaders().put(VARY_ACCEPT);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
  }
}
