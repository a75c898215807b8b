package org.distr1.mirrors.coordinator.routing.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeObserver;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A mirror as clients see it: the nodes' file server over a tree, on a loopback port. */
final class MirrorFileServer implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong bodies = new AtomicLong();

  MirrorFileServer(Path root) throws Exception {
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServeObserver observer =
        (encoding, sent) -> {
          bytes.addAndGet(sent);
          bodies.incrementAndGet();
        };
    // root is a copy of the module, served at /distri/ as a mirror does
    server.setHandler(
        new PrecompressedFileHandler(
            PrecompressedFileHandler.Root.fixed(root),
            RepositoryPath.MODULE_DIRECTORY,
            p -> p.startsWith("/distri"),
            ServeOptions.liveTree(100, Duration.ZERO),
            observer));
    server.start();
  }

  /** The base URL a mirror registers. */
  URI base() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  /** Body bytes sent so far. */
  long bytesServed() {
    return bytes.get();
  }

  /** Bodies (whole files or ranges) sent so far. */
  long bodiesServed() {
    return bodies.get();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
