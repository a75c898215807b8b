package org.distr1.mirrors.coordinator.registry;

import inet.ipaddr.IPAddressString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.net.InvalidCidrException;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * Mirror base URLs in one canonical form, so that one mirror cannot enroll twice under two
 * spellings: lower-case scheme and host, no default port, no dot segments, no trailing slash (the
 * request path, which starts with {@code /}, is appended to it).
 */
final class BaseUrls {

  /** Only the address classes matter here; a host is a /32 or /128. */
  private static final CidrPolicy ANY_PUBLIC_HOST = new CidrPolicy(1, 1, false, false, false);

  private BaseUrls() {}

  static URI normalize(String text, boolean allowNonPublicHosts) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw invalid("baseUrl is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw invalid("baseUrl must be an http:// or https:// URL, got '" + text + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("baseUrl must not contain user information (user:password@)");
    }
    if (uri.getRawQuery() != null) {
      throw invalid("baseUrl must not contain a query (?...)");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("baseUrl must not contain a fragment (#...)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid("baseUrl must name a host, got '" + text + "'");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!allowNonPublicHosts) {
      refuseNonPublic(host);
    }
    int port = uri.getPort();
    if (port == 0 || port > 65535 || port == -1 && uri.getRawAuthority().matches(".*:[^\\]]*$")) {
      throw invalid("baseUrl has no valid port (1 to 65535): '" + text + "'");
    }
    if (port == defaultPort(scheme)) {
      port = -1;
    }
    String path = uri.normalize().getRawPath();
    if (path == null) {
      path = "";
    }
    for (String segment : path.split("/")) {
      String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (!segment.equals(decoded) && (decoded.equals(".") || decoded.equals(".."))) {
        throw invalid("baseUrl path must not hold encoded dot segments ('%2e%2e')");
      }
    }
    if (path.contains("/../") || path.startsWith("/..")) {
      throw invalid("baseUrl path must not climb above the root ('..')");
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + host + (port == -1 ? "" : ":" + port) + path);
  }

  private static void refuseNonPublic(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equals("localhost") || bare.endsWith(".localhost")) {
      throw invalid(
          "baseUrl must be reachable from the internet; '" + host + "' is the local machine");
    }
    if (!new IPAddressString(bare).isIPAddress()) {
      return;
    }
    try {
      Cidr.parse(bare, ANY_PUBLIC_HOST);
    } catch (InvalidCidrException e) {
      throw invalid("baseUrl must be reachable from the internet: " + e.getMessage());
    }
  }

  private static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }

  private static ApiException invalid(String message) {
    return ApiException.invalid("invalid_base_url", message);
  }
}
