package org.distr1.mirrors.coordinator.probe;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.distr1.mirrors.shared.freshness.FreshnessFile;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeObserver;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A mirror on a loopback port as the probe meets it: the nodes' own file server over a module
 * directory at {@code /distri/}, and its freshness files at {@code /_mirror/last-sync-from/}, read
 * from {@code state} at every request.
 */
public final class ServedMirror implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final Path state;

  public ServedMirror(Path module, Path state) throws Exception {
    this.state = state;
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    PrecompressedFileHandler files =
        new PrecompressedFileHandler(
            PrecompressedFileHandler.Root.fixed(module),
            RepositoryPath.MODULE_DIRECTORY,
            p -> p.startsWith("/distri"),
            ServeOptions.liveTree(100, Duration.ZERO),
            ServeObserver.NONE);
    files.setHandler(new Freshness());
    server.setHandler(files);
    server.start();
  }

  /** The base URL the mirror enrolled with. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  /** What the node writes after a successful sync that began at {@code syncStart}. */
  public void synced(String upstreamHost, Instant syncStart) throws Exception {
    Files.createDirectories(FreshnessFile.path(state, upstreamHost).getParent());
    FreshnessFile.write(state, upstreamHost, syncStart);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private final class Freshness extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = Request.getPathInContext(request);
      Path file = path.startsWith("/_mirror/") ? state.resolve(path.substring(1)) : null;
      if (file == null || path.contains("..") || !Files.isRegularFile(file)) {
        Response.writeError(request, response, callback, 404);
        return true;
      }
      response.setStatus(200);
      response.write(true, ByteBuffer.wrap(Files.readAllBytes(file)), callback);
      return true;
    }
  }
}
