package org.distr1.mirrors.coordinator.routing.web;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.distr1.mirrors.coordinator.geo.GeoLocator;
import org.distr1.mirrors.coordinator.net.ClientAddresses;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.distr1.mirrors.coordinator.origin.OriginFile;
import org.distr1.mirrors.coordinator.routing.RoutingTable;
import org.distr1.mirrors.coordinator.stats.DownloadCounter;
import org.distr1.mirrors.shared.metrics.PrometheusEndpoint;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeObserver;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The redirector in front of the origin's file server, on a loopback Jetty server. */
public final class RedirectServer implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  /**
   * @param trustedProxy the one CIDR whose X-Forwarded-For is believed
   */
  public RedirectServer(Path originRoot, RoutingTable table, GeoLocator geo, String trustedProxy)
      throws Exception {
    this(originRoot, table, geo, trustedProxy, 0);
  }

  /**
   * @param port 0 for any free port
   */
  public RedirectServer(
      Path originRoot, RoutingTable table, GeoLocator geo, String trustedProxy, int port)
      throws Exception {
    this(originRoot, table, geo, trustedProxy, port, file -> null);
  }

  /**
   * @param digests the origin's file hashes, for metalinks and digest headers
   */
  public RedirectServer(
      Path originRoot,
      RoutingTable table,
      GeoLocator geo,
      String trustedProxy,
      int port,
      Function<OriginFile, FileDigests> digests)
      throws Exception {
    this(originRoot, table, file -> true, geo, trustedProxy, port, digests);
  }

  /**
   * @param unchanged the origin index's check that a mutable file is as routing knows it
   * @param digests the origin's file hashes, for metalinks and digest headers
   */
  public RedirectServer(
      Path originRoot,
      RoutingTable table,
      Predicate<OriginFile> unchanged,
      GeoLocator geo,
      String trustedProxy,
      int port,
      Function<OriginFile, FileDigests> digests)
      throws Exception {
    this(originRoot, table, unchanged, geo, trustedProxy, port, digests, DownloadCounter.OFF);
  }

  /**
   * @param downloads what the redirector counts into (statistics on), or {@link
   *     DownloadCounter#OFF}
   */
  public RedirectServer(
      Path originRoot,
      RoutingTable table,
      Predicate<OriginFile> unchanged,
      GeoLocator geo,
      String trustedProxy,
      int port,
      Function<OriginFile, FileDigests> digests,
      DownloadCounter downloads)
      throws Exception {
    CidrPolicy any = CidrPolicy.DEFAULT.allowingNonPublic().withMinPrefixLengths(8, 8);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    PrecompressedFileHandler files =
        new PrecompressedFileHandler(
            PrecompressedFileHandler.Root.fixed(originRoot),
            RepositoryPath.MODULE_DIRECTORY,
            p -> p.startsWith("/distri"),
            ServeOptions.liveTree(100, Duration.ZERO),
            ServeObserver.NONE);
    server.setHandler(
        new RedirectHandler(
            files,
            table,
            unchanged,
            new ClientAddresses(List.of(Cidr.parse(trustedProxy, any))),
            geo,
            p -> p.startsWith("/distri"),
            new ObjectMapper(),
            new Metalinks(digests, 10, new ObjectMapper()),
            RedirectMetrics.of(new MetricRegistry(), PrometheusEndpoint.detached()),
            downloads));
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
