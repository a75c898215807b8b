package org.distr1.mirrors.coordinator.probe;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the prober's state in the database: written once per probe round on the prober's thread
 * (never on the redirect path), read once at start-up.
 */
public final class ProbeJournal {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeJournal.class);

  private final Jdbi jdbi;

  public ProbeJournal(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<ProbeRecord> load() {
    return jdbi.withExtension(ProbeRecordDao.class, ProbeRecordDao::all);
  }

  /** A failed write is logged and retried with the next round's state; probing goes on. */
  public void save(List<ProbeRecord> records) {
    try {
      jdbi.useExtension(ProbeRecordDao.class, dao -> dao.replace(records));
    } catch (RuntimeException e) {
      LOG.warn("probe states not saved (the next round tries again): {}", e.toString());
    }
  }
}
