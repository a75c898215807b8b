package org.distr1.mirrors.coordinator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.distr1.mirrors.coordinator.AppDatabase;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.coordinator.registry.ApiCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole coordinator with notifications on, against GreenMail on loopback: a mirror that cannot
 * be reached is probed down, and its operator gets one mail saying so.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotifyAppTest {
  static final ObjectMapper JSON = Jackson.newObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  // started before the coordinator, whose configuration names its port
  static final GreenMail SMTP = start();
  static final Path DATA = TestCoordinator.newDataDir();

  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(
          DATA,
          ConfigOverride.config("prober.interval", "200ms"),
          ConfigOverride.config("notifications.enabled", "true"),
          ConfigOverride.config("notifications.interval", "200ms"),
          ConfigOverride.config("notifications.smtp.host", "127.0.0.1"),
          ConfigOverride.config(
              "notifications.smtp.port", () -> Integer.toString(SMTP.getSmtp().getPort())),
          ConfigOverride.config("notifications.smtp.tls", "none"),
          ConfigOverride.config("notifications.smtp.from", "mirrors@example.org"));

  static GreenMail start() {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return smtp;
  }

  @AfterAll
  static void stopSmtp() {
    SMTP.stop();
  }

  @Test
  void anUnreachableMirrorsOperatorIsMailedOnce() throws Exception {
    String maintainer;
    try (AppDatabase db = AppDatabase.open(DATA)) {
      maintainer = db.maintainerToken("notify-test");
    }
    JsonNode enrolled =
        call(
            "POST",
            "/v1/mirrors",
            null,
            Map.of(
                "name", "Nowhere mirror",
                "baseUrl", "http://127.0.0.1:9/nowhere/",
                "contactEmail", "nowhere-ops@example.org",
                "bandwidthMbps", 1000,
                "rsyncSources", List.of("127.0.0.1")));
    long id = enrolled.get("id").asLong();
    call("POST", "/v1/admin/mirrors/" + id + "/approve", maintainer, null);
    call(
        "POST",
        "/v1/mirrors/" + id + "/reports",
        enrolled.get("token").asText(),
        Map.of(
            "nodeVersion", "0.1.0",
            "nodeTime", Instant.now().toString(),
            "lastSuccessfulSync",
                Map.of(
                    "startedAt", Instant.now().minusSeconds(60).toString(),
                    "finishedAt", Instant.now().toString(),
                    "bytes", 1000)));

    assertThat(SMTP.waitForIncomingEmail(60_000, 1)).isTrue();
    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("nowhere-ops@example.org");
    assertThat(mail.getSubject()).isEqualTo("[distri mirrors] Nowhere mirror: down");
    assertThat(GreenMailUtil.getBody(mail)).contains("its probes fail");
    // the mirror stays down through many more rounds of both jobs: still that one mail
    assertThat(SMTP.waitForIncomingEmail(3_000, 2)).isFalse();
  }

  static JsonNode call(String method, String path, String token, Object body) throws Exception {
    HttpResponse<String> response =
        ApiCall.send(HTTP, TestCoordinator.api(APP), method, path, token, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return JSON.readTree(response.body());
  }
}
