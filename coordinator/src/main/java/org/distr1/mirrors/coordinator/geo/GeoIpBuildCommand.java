package org.distr1.mirrors.coordinator.geo;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code geoip-build NETWORKS_FILE CITY.mmdb [--asn-output ASN.mmdb]}: a GeoIP2 City database (and
 * optionally an ASN one) from a small text file of networks, for trials, the demo and LANs where no
 * commercial database knows the addresses.
 */
public final class GeoIpBuildCommand extends Command {

  public GeoIpBuildCommand() {
    super(
        "geoip-build",
        "Write a GeoIP2 City mmdb (and optionally an ASN mmdb) from a text file of networks");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("networks")
        .help(
            "text file: NETWORK COUNTRY CONTINENT LATITUDE LONGITUDE [ASN [ORGANIZATION...]] per line");
    subparser.addArgument("output").help("the City database to write (replaced atomically)");
    subparser
        .addArgument("--asn-output")
        .dest("asnOutput")
        .help("also write the ASN database of the lines that name an ASN");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    List<GeoNetwork> networks = GeoNetworksFile.read(Path.of(namespace.getString("networks")));
    Path city = Path.of(namespace.getString("output"));
    String asnOutput = namespace.getString("asnOutput");
    GeoNetworksFile.write(networks, city, asnOutput == null ? null : Path.of(asnOutput));
    System.out.printf("geoip-build: %d networks in %s%n", networks.size(), city.toAbsolutePath());
    if (asnOutput != null) {
      System.out.printf(
          "geoip-build: %d networks in %s%n",
          networks.stream().filter(network -> network.asn() != null).count(),
          Path.of(asnOutput).toAbsolutePath());
    }
  }

  /** A bad line or a missing file: the message names the line and what it expected; no trace. */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    if (e instanceof NoSuchFileException) {
      cli.getStdErr().println("geoip-build: no such file: " + e.getMessage());
    } else if (e instanceof IllegalArgumentException || e instanceof IOException) {
      cli.getStdErr().println("geoip-build: " + e.getMessage());
    } else {
      super.onError(cli, namespace, e);
    }
  }
}
