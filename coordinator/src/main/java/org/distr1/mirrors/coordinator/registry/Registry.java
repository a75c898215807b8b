package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.auth.Authenticator;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.eclipse.jetty.server.Handler;

/**
 * The mirror registry as other subsystems see it: subscribe to {@link #events()}, read every mirror
 * through {@link #directory()}, authenticate mirror tokens.
 */
public final class Registry {

  private final RegistryEvents events;
  private final MirrorDirectory directory;
  private final Authenticator<String, MirrorPrincipal> mirrorAuthenticator;
  private final MirrorAdministration administration;
  private final PublicListing listing;
  private final ReportHandler reports;

  Registry(
      RegistryEvents events,
      MirrorDirectory directory,
      Authenticator<String, MirrorPrincipal> mirrorAuthenticator,
      MirrorAdministration administration,
      PublicListing listing,
      ReportHandler reports) {
    this.events = events;
    this.directory = directory;
    this.mirrorAuthenticator = mirrorAuthenticator;
    this.administration = administration;
    this.listing = listing;
    this.reports = reports;
  }

  /**
   * The node-report endpoint, in front of {@code next} on the application connectors (see {@link
   * ReportHandler}); returns the chain to mount.
   */
  public Handler.Wrapper reportsInFrontOf(Handler next) {
    reports.setHandler(next);
    return reports;
  }

  /** The maintainer's operations on mirrors. */
  public MirrorAdministration administration() {
    return administration;
  }

  public RegistryEvents events() {
    return events;
  }

  public MirrorDirectory directory() {
    return directory;
  }

  public Authenticator<String, MirrorPrincipal> mirrorAuthenticator() {
    return mirrorAuthenticator;
  }
}
