package org.distr1.mirrors.shared.serve;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Puts the file server in front of Dropwizard's handler chain for the application connectors, just
 * inside the graceful-shutdown handler. Two reasons: the tree must not pass through Dropwizard's
 * {@code GzipHandler} (it would compress identity answers on the fly, breaking "missing sibling
 * means identity", ranges and ETags), and repository requests need none of the servlet machinery,
 * which costs throughput. Admin connectors and whatever the handler passes on (the node's {@code
 * /_mirror/*}, the coordinator's {@code /api/*}) reach Dropwizard's chain unchanged. The node
 * mounts its file server this way, the coordinator its redirector. Requests Jetty refuses itself
 * are answered in JSON too ({@link JsonErrorHandler}), and a refusal of a request whose body was
 * left unread announces that the connection closes ({@link CloseAfterUnreadBody}).
 */
public final class ApplicationConnectorMount implements LifeCycle.Listener {
  /** The name Dropwizard's default server factory gives its application connectors. */
  static final String APPLICATION = "application";

  private final Handler.Wrapper files;

  public ApplicationConnectorMount(Handler.Wrapper files) {
    this.files = files;
  }

  @Override
  public void lifeCycleStarting(LifeCycle event) {
    if (!(event instanceof Server server)) {
      return;
    }
    Set<Connector> application =
        Arrays.stream(server.getConnectors())
            .filter(connector -> APPLICATION.equals(connector.getName()))
            .collect(Collectors.toUnmodifiableSet());
    if (application.isEmpty()) {
      throw new IllegalStateException(
          "the file server needs server.type: default (named application connectors)");
    }
    server.setErrorHandler(new JsonErrorHandler());
    Handler.Wrapper outer =
        server.getHandler() instanceof GracefulHandler graceful ? graceful : server;
    Handler dropwizard = outer.getHandler();
    // the mounted handler may wrap others (the coordinator's redirector wraps the origin's
    // file server): Dropwizard's chain goes innermost
    Handler.Wrapper innermost = files;
    while (innermost.getHandler() instanceof Handler.Wrapper inner) {
      innermost = inner;
    }
    innermost.setHandler(dropwizard);
    outer.setHandler(new CloseAfterUnreadBody(new Switch(application, files, dropwizard)));
  }

  private static final class Switch extends Handler.Wrapper {
    private final Set<Connector> application;
    private final Handler dropwizard;

    Switch(Set<Connector> application, Handler files, Handler dropwizard) {
      super(files);
      this.application = application;
      this.dropwizard = dropwizard;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (application.contains(request.getConnectionMetaData().getConnector())) {
        return super.handle(request, response, callback);
      }
      return dropwizard.handle(request, response, callback);
    }
  }
}
