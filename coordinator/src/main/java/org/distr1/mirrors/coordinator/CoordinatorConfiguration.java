package org.distr1.mirrors.coordinator;

import io.dropwizard.core.Configuration;

/** Everything the coordinator is told at start-up; each subsystem brings its own factory. */
public class CoordinatorConfiguration extends Configuration {}
