package org.distr1.mirrors.node;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import org.distr1.mirrors.node.sample.SampleRepoCommand;

/** The mirror node: syncs the repository, publishes it atomically, serves it, reports health. */
public class NodeApplication extends Application<NodeConfiguration> {

  public static void main(String[] args) throws Exception {
    new NodeApplication().run(args);
  }

  @Override
  public String getName() {
    return "distri-node";
  }

  @Override
  public void initialize(Bootstrap<NodeConfiguration> bootstrap) {
    bootstrap.addCommand(new SampleRepoCommand());
  }

  @Override
  public void run(NodeConfiguration configuration, Environment environment) {}
}
