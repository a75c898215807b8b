package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.shared.net.CidrPolicy;

/**
 * {@code java -jar distri-coordinator.jar allowlist-apply ...} on the upstream rsync host, from a
 * systemd timer or cron: fetches the rsyncd export and replaces the local fragment. Exits 0 when
 * the fragment is current, 1 on any failure (the previous file stays).
 */
public final class AllowlistApplyCommand extends Command {

  static final String EXPORT_PATH = "/api/v1/admin/allowlist/export/rsyncd";

  public AllowlistApplyCommand() {
    super("allowlist-apply", "Fetch the rsync allowlist from the coordinator, write the fragment");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--coordinator")
        .required(true)
        .help("coordinator base URL, e.g. https://repo.distr1.org");
    subparser
        .addArgument("--token-file")
        .required(true)
        .help("file holding the read-only allowlist token (see create-allowlist-token)");
    subparser
        .addArgument("--output")
        .required(true)
        .help("fragment to replace, e.g. /etc/rsyncd.d/distri-allowlist.inc");
    subparser
        .addArgument("--min-ipv4-prefix")
        .type(Integer.class)
        .setDefault(CidrPolicy.DEFAULT.minIpv4PrefixLength())
        .help("refuse IPv4 networks wider than this prefix (default: %(default)s)");
    subparser
        .addArgument("--min-ipv6-prefix")
        .type(Integer.class)
        .setDefault(CidrPolicy.DEFAULT.minIpv6PrefixLength())
        .help("refuse IPv6 networks wider than this prefix (default: %(default)s)");
    subparser
        .addArgument("--allow-non-public")
        .action(Arguments.storeTrue())
        .help("accept loopback, private and link-local networks (test set-ups)");
    subparser
        .addArgument("--timeout-seconds")
        .type(Integer.class)
        .setDefault(30)
        .help("connect and read timeout (default: %(default)s)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace args) throws Exception {
    URI export = URI.create(args.getString("coordinator").replaceAll("/+$", "") + EXPORT_PATH);
    String token = readToken(Path.of(args.getString("token_file")));
    CidrPolicy policy =
        CidrPolicy.DEFAULT.withMinPrefixLengths(
            args.getInt("min_ipv4_prefix"), args.getInt("min_ipv6_prefix"));
    if (args.getBoolean("allow_non_public")) {
      policy = policy.allowingNonPublic();
    }
    Path output = Path.of(args.getString("output"));
    var outcome =
        new AllowlistApply(
                export, token, output, policy, Duration.ofSeconds(args.getInt("timeout_seconds")))
            .run();
    System.out.println(
        "allowlist-apply: "
            + output
            + (outcome.changed() ? " replaced" : " unchanged")
            + ", "
            + outcome.networks()
            + " networks");
  }

  private static String readToken(Path file) throws AllowlistApply.ApplyException {
    try {
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new AllowlistApply.ApplyException("token file " + file + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new AllowlistApply.ApplyException("cannot read the token file " + file + ": " + e, e);
    }
  }

  /** One line saying what failed (a stack trace is noise in a timer's journal). */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    cli.getStdErr().println("allowlist-apply failed, previous fragment kept: " + e.getMessage());
  }
}
