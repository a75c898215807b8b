package org.distr1.mirrors.coordinator.origin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.distr1.mirrors.coordinator.cluster.Cluster;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code regional:} present on a coordinator far from the origin tree, whose database is a
 * PostgreSQL streaming replica of the primary's. It routes from the origin index the primary writes
 * ({@link ReplicatedOrigin}), sends clients to the primary where no mirror may serve a file, and
 * sends writes there with a 307.
 */
public class RegionalFactory {

  /**
   * The primary coordinator's own public URL (beside the tree and the primary database), e.g.
   * {@code https://eu.repo.distr1.org/}: not a name GeoDNS may resolve to this coordinator.
   */
  @NotNull @JsonProperty public URI primaryUrl;

  /**
   * The oldest view of the primary routed from: when the primary's last confirmation of its origin
   * index is older (replica lag, a dead primary, a stopped replica), every repository request goes
   * to the primary.
   */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  public Duration maxStaleness = Duration.seconds(15);

  @JsonIgnore
  @AssertTrue(message = "primaryUrl must be an absolute http(s) URL ending in / without query")
  public boolean isPrimaryUrlValid() {
    return primaryUrl == null
        || (("http".equals(primaryUrl.getScheme()) || "https".equals(primaryUrl.getScheme()))
            && primaryUrl.getHost() != null
            && primaryUrl.getRawQuery() == null
            && primaryUrl.getRawFragment() == null
            && primaryUrl.getRawPath() != null
            && primaryUrl.getRawPath().endsWith("/"));
  }

  /** Read again whenever the replica replayed more ({@code cluster.poll}). */
  ReplicatedOrigin build(Environment environment, Jdbi jdbi, Cluster cluster, Clock clock) {
    ReplicatedOrigin origin =
        new ReplicatedOrigin(
            jdbi, primaryUrl, java.time.Duration.ofMillis(maxStaleness.toMilliseconds()), clock);
    environment.lifecycle().manage(origin);
    cluster.onResync(origin::read);
    return origin;
  }
}
