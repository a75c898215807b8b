package org.distr1.mirrors.node.sample;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.shared.sample.SampleRepository;

/** {@code sample-repo DIR [--seed N] [--scale N]}: a generated repository for trying things. */
public final class SampleRepoCommand extends Command {

  public SampleRepoCommand() {
    super("sample-repo", "Generates a distri-like sample repository (for the quick start, "
        + "tests and benchmarks)");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("dir").help("target directory (distri/<release>/... is created in it)");
    subparser.addArgument("--seed").type(Long.class).setDefault(1L).help("content seed");
    subparser.addArgument("--scale").type(Integer.class).setDefault(1)
        .help("repeat the package set N times (about 21 MiB each)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    var repo = SampleRepository.generate(Path.of(namespace.getString("dir")),
        namespace.getLong("seed"), namespace.getInt("scale"));
    System.out.printf("generated %d files, %d bytes in %s%n",
        repo.files().size(), repo.totalBytes(), repo.root().toAbsolutePath());
  }
}
