package org.distr1.mirrors.coordinator.routing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What Jetty alone costs per redirect on this machine, for {@code
 * config/scripts/bench/jetty-floor.sh}: the coordinator's Jetty (the version Dropwizard brings, a
 * connector and thread pool as Dropwizard's defaults make them) answering every request with one
 * fixed 302 whose header fields are read from a file, pre-encoded once. No routing, no GeoIP, no
 * handler chain: what is left of a redirect's CPU when the coordinator's own work costs nothing.
 * Arguments: port, header file ({@code Name: value} per line).
 */
public final class JettyFloorServer {
  private JettyFloorServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<HttpField> fields = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.add(
            new PreEncodedHttpField(
                line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
    }
    QueuedThreadPool threads = new QueuedThreadPool(1024, 8);
    threads.setName("dw");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(302);
            HttpFields.Mutable headers = response.getHeaders();
            for (HttpField field : fields) {
              headers.add(field);
            }
            response.write(true, null, callback);
            return true;
          }
        });
    server.start();
    System.out.println("PORT " + connector.getLocalPort());
    server.join();
  }
}
