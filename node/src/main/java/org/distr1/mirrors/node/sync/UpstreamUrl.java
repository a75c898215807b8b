package org.distr1.mirrors.node.sync;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.distr1.mirrors.shared.freshness.FreshnessFile;

/**
 * The upstream rsync daemon URL, {@code rsync://host[:port]/module[/dir]/}: only the daemon
 * protocol (no remote shell), no user info, query or fragment. The host names the freshness file,
 * so it must be a valid host name.
 */
public record UpstreamUrl(String host, int port, String path) {

  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+/?");

  public UpstreamUrl {
    host = FreshnessFile.validateHost(host);
    if (port < -1 || port == 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (!PATH.matcher(path).matches() || path.contains("/../") || path.matches(".*/\\.\\.?/?$")) {
      throw new IllegalArgumentException(
          "the upstream URL needs a module (rsync://host/module/), got path \"" + path + "\"");
    }
    path = path.endsWith("/") ? path : path + "/";
  }

  /** Parses and validates e.g. {@code rsync://repo-rsync.distr1.org/distri}. */
  public static UpstreamUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
    }
    if (!"rsync".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "upstream must be an rsync daemon URL (rsync://host/module/), got " + url);
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "upstream URL must be rsync://host[:port]/module/ without user, query or fragment: "
              + url);
    }
    String host =
        uri.getHost().startsWith("[")
            ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost();
    return new UpstreamUrl(host, uri.getPort(), uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /** The URL handed to rsync; the trailing slash makes rsync copy the module's content. */
  @Override
  public String toString() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "rsync://" + h + (port == -1 ? "" : ":" + port) + path;
  }
}
