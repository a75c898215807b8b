package org.distr1.mirrors.node.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.EnrollmentResponse;
import org.distr1.mirrors.shared.api.GeoLocation;

/**
 * {@code enroll}: enrolls this mirror with the coordinator and stores the token it answers with in
 * a file only its owner can read. The mirror is pending until verified and approved.
 */
public final class EnrollCommand extends Command {

  public EnrollCommand() {
    super("enroll", "Enroll this mirror with the coordinator and store its token (mode 0600)");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument("--coordinator")
        .required(true)
        .help("coordinator base URL, e.g. https://repo.distr1.org");
    subparser.addArgument("--name").required(true).help("the mirror's name, shown publicly");
    subparser
        .addArgument("--base-url")
        .dest("baseUrl")
        .required(true)
        .help("URL under which this node serves the repository");
    subparser
        .addArgument("--contact")
        .required(true)
        .help("operator e-mail address (not published)");
    subparser
        .addArgument("--bandwidth-mbps")
        .dest("bandwidth")
        .type(Long.class)
        .required(true)
        .help("uplink in Mbit/s");
    subparser
        .addArgument("--rsync-source")
        .dest("sources")
        .action(Arguments.append())
        .required(true)
        .help("address or CIDR your rsync connects from (repeat for several)");
    subparser
        .addArgument("--netblock")
        .dest("netblocks")
        .action(Arguments.append())
        .help("client network you serve best");
    subparser
        .addArgument("--country")
        .help("ISO 3166-1 code; without it the coordinator locates the host");
    subparser.addArgument("--continent").help("AF AN AS EU NA OC SA");
    subparser.addArgument("--latitude").type(Double.class);
    subparser.addArgument("--longitude").type(Double.class);
    subparser
        .addArgument("--token-file")
        .dest("tokenFile")
        .required(true)
        .help("where to store the token (mode 0600)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    ObjectMapper json = bootstrap.getObjectMapper();
    GeoLocation location =
        namespace.getString("country") == null
            ? null
            : new GeoLocation(
                namespace.getString("country"), namespace.getString("continent"),
                require(namespace.getDouble("latitude"), "--latitude"),
                    require(namespace.getDouble("longitude"), "--longitude"));
    List<String> netblocks = namespace.getList("netblocks");
    EnrollmentRequest request =
        EnrollmentRequest.of(
            namespace.getString("name"),
            namespace.getString("baseUrl"),
            namespace.getString("contact"),
            location,
            namespace.getLong("bandwidth"),
            namespace.getList("sources"),
            netblocks == null ? List.of() : netblocks);
    Path tokenFile = Path.of(namespace.getString("tokenFile"));
    TokenFile.checkWritable(tokenFile);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI endpoint = URI.create(namespace.getString("coordinator")).resolve("/api/v1/mirrors");
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach the coordinator at "
              + endpoint
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
    if (response.statusCode() != 201) {
      JsonNode error = json.readTree(response.body());
      String message =
          error.hasNonNull("message") ? error.get("message").asText() : new String(response.body());
      throw new IllegalStateException(
          "enrollment refused (" + response.statusCode() + "): " + message);
    }
    EnrollmentResponse enrolled = json.readValue(response.body(), EnrollmentResponse.class);
    try {
      TokenFile.write(tokenFile, enrolled.token());
    } catch (IOException e) {
      throw new IllegalStateException(
          TokenFile.notStored(tokenFile, enrolled.id(), enrolled.token(), e), e);
    }
    System.out.println(
        "enrolled as mirror "
            + enrolled.id()
            + " ("
            + enrolled.state()
            + "); token stored in "
            + tokenFile.toAbsolutePath());
  }

  /**
   * A refusal or an unreachable coordinator is the operator's to fix: say what, without a stack
   * trace.
   */
  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    cli.getStdErr().println("enroll: " + e.getMessage());
  }

  private static double require(Double value, String option) {
    if (value == null) {
      throw new IllegalArgumentException(option + " is required with --country");
    }
    return value;
  }
}
