package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.distr1.mirrors.coordinator.TestDatabase;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.coordinator.auth.MaintainerPrincipal;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.shared.api.MirrorUpdate;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle events follow committed changes only, on the real test database (H2 file, then
 * PostgreSQL) with the real migrations.
 */
@Tag("database")
class MirrorChangesTest {

  static final MaintainerPrincipal ALICE = new MaintainerPrincipal(1, "alice");

  @TempDir Path dir;
  TestDatabase db;
  final List<String> heard = new CopyOnWriteArrayList<>();
  MirrorAdministration admin;
  OperatorActions operator;
  long id;

  @BeforeEach
  void setUp() throws Exception {
    db = new TestDatabase(dir);
    RegistryEvents events = new RegistryEvents();
    events.addLifecycleListener(
        new MirrorLifecycleListener() {
          @Override
          public void approved(MirrorRecord mirror) {
            heard.add("approved " + mirror.state().wireName());
          }

          @Override
          public void disabled(MirrorRecord mirror) {
            heard.add("disabled " + mirror.stateReason());
          }

          @Override
          public void removed(MirrorRecord mirror) {
            heard.add("removed " + mirror.id());
          }

          @Override
          public void sourcesChanged(MirrorRecord mirror) {
            heard.add("sources " + mirror.rsyncSources());
          }

          @Override
          public void unapproved(MirrorRecord mirror) {
            heard.add("unapproved " + mirror.state().wireName());
          }
        });
    events.addChangeListener(() -> heard.add("changed"));
    MirrorStore store = new MirrorStore(Jackson.newObjectMapper());
    Clock clock = Clock.systemUTC();
    MirrorChanges changes =
        new MirrorChanges(
            db.jdbi(),
            store,
            new AuditLog(db.jdbi(), Jackson.newObjectMapper(), clock),
            events,
            new MirrorTokens(db.jdbi()));
    admin = new MirrorAdministration(db.jdbi(), store, changes, clock, ignored -> {});
    operator =
        new OperatorActions(
            changes, new EnrollmentRules(1000, CidrPolicy.DEFAULT, true), clock, ignored -> {});
    id =
        db.jdbi()
            .inTransaction(
                handle -> {
                  MirrorDao dao = handle.attach(MirrorDao.class);
                  long created =
                      dao.insert(
                          TestMirrorRecords.profile("m", "http://127.0.0.1:9/x"),
                          "pending",
                          "00",
                          clock.instant());
                  dao.insertNetworks(created, MirrorRecord.RSYNC_SOURCE, List.of("127.0.0.1/32"));
                  dao.insertEmptyReport(created);
                  return created;
                });
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  long auditEntries() {
    return db.jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one());
  }

  @Test
  void eachCommittedChangeIsAnnouncedOnceWithItsNewState() {
    admin.approve(ALICE, id);
    operator.update(new MirrorPrincipal(id), id, update(Map.of("contactEmail", "new@example.org")));
    operator.update(
        new MirrorPrincipal(id), id, update(Map.of("rsyncSources", List.of("127.0.0.2"))));
    admin.approve(ALICE, id);
    admin.disable(ALICE, id, "stale");
    admin.remove(ALICE, id);
    assertThat(heard)
        .containsExactly(
            "approved approved",
            "changed",
            "changed",
            "unapproved pending",
            "changed",
            "sources [127.0.0.2/32]",
            "changed",
            "approved approved",
            "changed",
            "disabled stale",
            "changed",
            "removed " + id,
            "changed");
    assertThat(auditEntries()).isEqualTo(6);
    long networks =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM mirror_networks").mapTo(Long.class).one());
    assertThat(networks).isZero();
  }

  @Test
  void aRefusedChangeIsRolledBackAndAnnouncesNothing() {
    assertThatThrownBy(() -> admin.enable(ALICE, id))
        .isInstanceOf(ApiException.class)
        .hasMessage("Mirror " + id + " is pending; only a disabled mirror can be enabled.");
    assertThatThrownBy(
            () -> operator.update(new MirrorPrincipal(id), id, update(Map.of("countryOnly", true))))
        .hasMessageContaining("countryOnly needs the mirror's location");
    assertThat(heard).isEmpty();
    assertThat(auditEntries()).isZero();
  }

  /** An operator's update of just these fields, as the JSON body would give it. */
  static MirrorUpdate update(Map<String, Object> fields) {
    return Jackson.newObjectMapper().convertValue(fields, MirrorUpdate.class);
  }
}
