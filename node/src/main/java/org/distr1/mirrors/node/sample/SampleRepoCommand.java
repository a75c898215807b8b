package org.distr1.mirrors.node.sample;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.shared.sample.SampleRepository;

/**
 * {@code sample-repo DIR [--seed N] [--scale N] [--small N]}: a generated repository laid out like
 * distri's rsync module, for trying things (and, with {@code --small}, an origin tree of as many
 * files as the real one for the benchmarks); {@code sample-repo --publish DIR}: one more build
 * published into it ({@code master} moved atomically).
 */
public final class SampleRepoCommand extends Command {

  public SampleRepoCommand() {
    super(
        "sample-repo",
        "Generates a distri-like sample repository (for the quick start, "
            + "tests and benchmarks)");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("dir")
        .help(
            "the module directory (<commit>/, <release> and master "
                + "links are created in it; serve it at /distri/)");
    subparser
        .addArgument("--publish")
        .action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
        .help("publish a new build into an existing tree and move master to it");
    subparser.addArgument("--seed").type(Long.class).setDefault(1L).help("content seed");
    subparser
        .addArgument("--scale")
        .type(Integer.class)
        .setDefault(1)
        .help("repeat the package set N times (about 21 MiB each)");
    subparser
        .addArgument("--small")
        .type(Integer.class)
        .setDefault(0)
        .help(
            "add N small packages (1-8 KiB, every other one with .zst and .gz siblings) to each"
                + " release: about 7 files each (image, debug, src, metadata, siblings, links)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Path dir = Path.of(namespace.getString("dir"));
    if (namespace.getBoolean("publish")) {
      String commit = SampleRepository.open(dir).publish();
      System.out.printf(
          "published %s: master -> %s%n", dir.resolve(commit).toAbsolutePath(), commit);
      return;
    }
    var repo =
        SampleRepository.generate(
            dir, namespace.getLong("seed"), namespace.getInt("scale"), namespace.getInt("small"));
    System.out.printf(
        "generated %d files, %d bytes in %s%n",
        repo.files().size(), repo.totalBytes(), repo.root().toAbsolutePath());
  }
}
