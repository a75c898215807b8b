package org.distr1.mirrors.node.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * The node's serving wiring without the sync half: Jersey at {@code /_mirror/*} plus {@link
 * ServeFactory}, exactly as {@code NodeApplication} mounts them.
 */
public class ServeTestApplication extends Application<ServeTestApplication.Config> {
  static ServeMetrics lastMetrics;

  public static class Config extends Configuration {
    @JsonProperty public ServeFactory serve = new ServeFactory();
    @JsonProperty public String mirrorRoot;

    static Config on(java.nio.file.Path mirrorRoot, boolean enabled) {
      Config config = new Config();
      config.mirrorRoot = mirrorRoot.toString();
      config.serve.enabled = enabled;
      DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
      server.setApplicationConnectors(List.of(loopback()));
      server.setAdminConnectors(List.of(loopback()));
      ((LogbackAccessRequestLogFactory) server.getRequestLogFactory()).setAppenders(List.of());
      ((DefaultLoggingFactory) config.getLoggingFactory()).setLevel("WARN");
      return config;
    }

    private static HttpConnectorFactory loopback() {
      HttpConnectorFactory connector = new HttpConnectorFactory();
      connector.setBindHost("127.0.0.1");
      connector.setPort(0);
      return connector;
    }
  }

  @Path("/ping")
  public static class Ping {
    @GET
    public String ping() {
      return "pong";
    }
  }

  @Override
  public void run(Config configuration, Environment environment) {
    environment.jersey().setUrlPattern("/_mirror/*");
    environment.jersey().register(new Ping());
    lastMetrics =
        configuration.serve.build(environment, java.nio.file.Path.of(configuration.mirrorRoot));
  }
}
