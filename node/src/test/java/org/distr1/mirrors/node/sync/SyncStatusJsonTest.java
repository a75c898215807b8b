package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of {@code /_mirror/status}: field names, ISO-8601 times, lower-case states. */
class SyncStatusJsonTest {

  private final ObjectMapper mapper = Jackson.newObjectMapper();

  @Test
  void serializesForPeopleAndProbes() throws Exception {
    Instant start = Instant.parse("2026-11-26T09:00:00Z");
    var result =
        new SyncResult(
            SyncResult.Outcome.RSYNC_FAILED,
            start,
            start.plusSeconds(5),
            10,
            "exit 10: error in socket I/O",
            -1,
            null,
            Map.of());
    var status =
        SyncStatus.initial(
                "rsync://repo.distr1.org/distri/",
                "20261125T090000Z",
                Map.of("jackherer", "ab"),
                start.minusSeconds(86400),
                start.minusSeconds(86000))
            .syncing(new RsyncProgress(100, 5, 2048, 60));

    JsonNode syncing = mapper.readTree(mapper.writeValueAsString(status));
    assertThat(syncing.get("state").asText()).isEqualTo("syncing");
    assertThat(syncing.get("progress").get("percent").asInt()).isEqualTo(5);
    assertThat(syncing.get("progress").get("etaSeconds").asLong()).isEqualTo(60);

    JsonNode failed =
        mapper.readTree(mapper.writeValueAsString(status.finished(result, start.plusSeconds(35))));
    assertThat(failed.get("state").asText()).isEqualTo("failed");
    assertThat(failed.get("progress").isNull()).isTrue();
    assertThat(failed.get("lastResult").get("outcome").asText()).isEqualTo("rsync_failed");
    assertThat(failed.get("lastResult").get("rsyncExitCode").asInt()).isEqualTo(10);
    assertThat(failed.get("lastResult").get("started").asText()).isEqualTo("2026-11-26T09:00:00Z");
    assertThat(failed.get("lastSuccessStart").asText()).isEqualTo("2026-11-25T09:00:00Z");
    assertThat(failed.get("snapshotId").asText()).isEqualTo("20261125T090000Z");
    assertThat(failed.get("indexDigests").get("jackherer").asText()).isEqualTo("ab");
    assertThat(failed.get("consecutiveFailures").asInt()).isEqualTo(1);
    assertThat(failed.get("nextSyncAt").asText()).isEqualTo("2026-11-26T09:00:35Z");
  }
}
