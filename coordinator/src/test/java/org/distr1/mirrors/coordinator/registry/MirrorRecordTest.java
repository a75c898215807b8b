package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored record as the audit log writes it: the keys it had before it nested its profile. */
class MirrorRecordTest {
  private final ObjectMapper json = Jackson.newObjectMapper();

  @Test
  void theAuditLogSeesOneFlatRecordWithItsLocation() throws Exception {
    MirrorProfile located =
        new MirrorProfile(
            "m",
            "http://127.0.0.1:9/",
            "ops@example.org",
            "DE",
            "EU",
            50.1,
            8.7,
            "operator",
            1000,
            true,
            false);
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
    List<String> keys = new ArrayList<>();
    tree.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "baseUrl",
            "contactEmail",
            "location",
            "locationSource",
            "locationNote",
            "asn",
            "bandwidthMbps",
            "adminScore",
            "countryOnly",
            "continentOnly",
            "state",
            "paused",
            "stateReason",
            "rsyncSources",
            "netblocks",
            "createdAt",
            "updatedAt");
    assertThat(tree.get("location").get("country").asText()).isEqualTo("DE");
    assertThat(tree.get("state").asText()).isEqualTo("approved");
    // sorted by the record, whatever order the database aggregated them in
    assertThat(mirror.rsyncSources()).containsExactly("127.0.0.1/32", "192.0.2.0/24");
    assertThat(json.valueToTree(base).get("location").isNull()).isTrue();
  }
}
