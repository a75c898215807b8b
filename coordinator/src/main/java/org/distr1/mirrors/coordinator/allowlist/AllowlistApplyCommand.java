package org.distr1.mirrors.coordinator.allowlist;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.shared.net.CidrPolicy;

/**
 * {@code java -jar distri-coordinator.jar allowlist-apply ...} on the upstream rsync host, from a
 * systemd timer or cron: fetches the rsyncd export and replaces the local fragment, or ({@code
 * --format systemd}) the socket unit's drop-in and runs {@code systemctl daemon-reload}. Exits 0
 * when the file is current, 1 on any failure (the previous file stays).
 */
public final class AllowlistApplyCommand extends Command {

  private static final String EXPORTS = "/api/v1/admin/allowlist/export/";

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
        .help(
            "file to replace, e.g. /etc/rsyncd.d/distri-allowlist.inc or (systemd)"
                + " /etc/systemd/system/rsyncd.socket.d/distri-allowlist.conf");
    subparser
        .addArgument("--format")
        .choices("rsyncd", "systemd")
        .setDefault("rsyncd")
        .help(
            "rsyncd: a hosts allow fragment for rsyncd.conf; systemd: a drop-in for the rsync"
                + " socket unit (default: %(default)s)");
    subparser
        .addArgument("--reload-command")
        .help(
            "run after the file changed, split at spaces, no shell; a failure puts the previous"
                + " file back (default: systemctl daemon-reload for systemd, nothing for rsyncd;"
                + " '' for nothing)");
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
    ExportFormat format = ExportFormat.byName(args.getString("format"));
    URI export =
        URI.create(args.getString("coordinator").replaceAll("/+$", "") + exportPath(format));
    String token = readToken(Path.of(args.getString("token_file")));
    CidrPolicy policy =
        CidrPolicy.DEFAULT.withMinPrefixLengths(
            args.getInt("min_ipv4_prefix"), args.getInt("min_ipv6_prefix"));
    if (args.getBoolean("allow_non_public")) {
      policy = policy.allowingNonPublic();
    }
    Path output = Path.of(args.getString("output"));
    String reload = args.getString("reload_command");
    List<String> command =
        reload != null
            ? Arrays.stream(reload.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList()
            : format == ExportFormat.SYSTEMD ? ApplyTarget.DAEMON_RELOAD : List.of();
    var outcome =
        new AllowlistApply(
                export,
                token,
                new ApplyTarget(format, output, command),
                policy,
                Duration.ofSeconds(args.getInt("timeout_seconds")))
            .run();
    System.out.println(
        "allowlist-apply: "
            + output
            + (outcome.changed() ? " replaced" : " unchanged")
            + ", "
            + outcome.networks()
            + " networks");
  }

  static String exportPath(ExportFormat format) {
    return EXPORTS + format.name().toLowerCase(Locale.ROOT);
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
    cli.getStdErr().println("allowlist-apply failed, previous file kept: " + e.getMessage());
  }
}
