package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.distr1.mirrors.shared.api.EnrollmentRequest;
import org.distr1.mirrors.shared.api.GeoLocation;
import org.junit.jupiter.api.Test;

/**
 * The stored record as the audit log writes it: the view's flat keys and location object, with what
 * only the record holds (GeoIP's note and ASN) and without what the view adds (checks, last
 * report).
 */
class MirrorRecordTest {
  private final ObjectMapper json = Jackson.newObjectMapper();

  @Test
  void theAuditLogSeesOneFlatRecordWithItsLocation() throws Exception {
    GeoLocation frankfurt = new GeoLocation("DE", "EU", 50.1, 8.7);
    MirrorProfile located =
        MirrorProfile.enrolled(
            EnrollmentRequest.of(
                "m",
                "http://127.0.0.1:9/",
                "ops@example.org",
                frankfurt,
                1000L,
                List.of("127.0.0.1"),
                List.of()),
            URI.create("http://127.0.0.1:9/"),
            1000,
            frankfurt,
            "operator");
    MirrorRecord base = TestMirrorRecords.approved(7, "http://127.0.0.1:9/");
    MirrorRecord mirror =
        new MirrorRecord(
            7,
            located,
            null,
            64511,
            100,
            MirrorState.APPROVED,
            false,
            null,
            List.of("192.0.2.0/24", "127.0.0.1/32"),
            List.of(),
            base.createdAt(),
            base.updatedAt());

    JsonNode tree = json.valueToTree(mirror);
    List<String> viewKeys = keys(json.valueToTree(mirror.view(List.of(), null)));
    viewKeys.removeAll(List.of("checks", "lastReport"));
    viewKeys.addAll(List.of("locationNote", "asn"));
    assertThat(keys(tree))
        .containsExactlyInAnyOrderElementsOf(viewKeys)
        .contains("name", "baseUrl", "contactEmail", "location", "countryOnly", "state");
    assertThat(tree.get("location").get("country").asText()).isEqualTo("DE");
    assertThat(tree.get("state").asText()).isEqualTo("approved");
    assertThat(tree.get("asn").asLong()).isEqualTo(64511);
    // sorted by the record, whatever order the database aggregated them in
    assertThat(mirror.rsyncSources()).containsExactly("127.0.0.1/32", "192.0.2.0/24");
    assertThat(json.valueToTree(base).get("location").isNull()).isTrue();
  }

  private static List<String> keys(JsonNode tree) {
    List<String> keys = new ArrayList<>();
    tree.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
