package org.distr1.mirrors.coordinator;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/** The coordinator at repo.distr1.org: registry, routing, allowlist, admin. */
public class CoordinatorApplication extends Application<CoordinatorConfiguration> {

  public static void main(String[] args) throws Exception {
    new CoordinatorApplication().run(args);
  }

  @Override
  public String getName() {
    return "distri-coordinator";
  }

  @Override
  public void initialize(Bootstrap<CoordinatorConfiguration> bootstrap) {}

  @Override
  public void run(CoordinatorConfiguration configuration, Environment environment) {}
}
