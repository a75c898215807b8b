package org.distr1.mirrors.node;

import io.dropwizard.core.Configuration;

/** Everything a mirror node is told at start-up; each subsystem brings its own factory. */
public class NodeConfiguration extends Configuration {}
