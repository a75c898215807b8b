package org.distr1.mirrors.node.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.distr1.mirrors.shared.serve.ApplicationConnectorMount;
import org.distr1.mirrors.shared.serve.PrecompressedFileHandler;
import org.distr1.mirrors.shared.serve.ServeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP file server ({@code serve:} in the node configuration). It serves the published
 * snapshot ({@code <mirrorRoot>/current}, a copy of the rsync module) at {@code /distri/}, as the
 * mirror page's {@code rsync ... /srv/repo.distr1.org/distri} puts it below a web root; Jersey
 * answers {@code /_mirror/*}, every other path is missing.
 */
public class ServeFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ServeFactory.class);

  /** Off for operators who keep nginx in front: the node then syncs and reports only. */
  @JsonProperty public boolean enabled = true;

  /** Paths whose resolution (siblings, freshness, file mapping) is remembered per snapshot. */
  @Min(0)
  @JsonProperty
  public int maxCachedEntries = 16_384;

  /**
   * Leave unset: published snapshots never change, so what is learnt about a path holds until the
   * next publication. Set it only when serving a tree that is modified in place.
   */
  @JsonProperty public Duration revalidateAfter;

  /**
   * Mounts the file server for the application connectors, unless disabled.
   *
   * @param mirrorRoot the directory holding {@code current -> snapshots/<id>}
   * @return the counters of what is served (zero forever when disabled)
   */
  public ServeMetrics build(Environment environment, Path mirrorRoot) {
    ServeMetrics metrics = new ServeMetrics(environment.metrics());
    if (!enabled) {
      LOG.info("file serving disabled (serve.enabled: false): only /_mirror/* is answered");
      return metrics;
    }
    ServeOptions options =
        new ServeOptions(
            maxCachedEntries, revalidateAfter == null ? null : revalidateAfter.toJavaDuration());
    PrecompressedFileHandler files =
        new PrecompressedFileHandler(
            PrecompressedFileHandler.Root.symlink(mirrorRoot.resolve("current")),
            RepositoryPath.MODULE_DIRECTORY,
            ServeFactory::isRepositoryPath,
            options,
            metrics);
    environment.lifecycle().addEventListener(new ApplicationConnectorMount(files));
    return metrics;
  }

  /** Everything but Jersey's {@code /_mirror} tree is the repository. */
  static boolean isRepositoryPath(String rawPath) {
    return !(rawPath.equals("/_mirror") || rawPath.startsWith("/_mirror/"));
  }
}
