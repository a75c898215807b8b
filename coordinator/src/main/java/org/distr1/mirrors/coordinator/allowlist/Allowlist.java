package org.distr1.mirrors.coordinator.allowlist;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.distr1.mirrors.coordinator.allowlist.AllowlistEntry.Origin;
import org.distr1.mirrors.coordinator.audit.AuditLog;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.distr1.mirrors.shared.net.InvalidCidrException;
import org.distr1.mirrors.shared.web.ApiException;
import org.jdbi.v3.core.Jdbi;

/** The maintainer's operations on the allowlist, and its exports. */
public final class Allowlist {

  static final int MAX_COMMENT = 500;

  private final Jdbi jdbi;
  private final AllowlistWriter writer;
  private final AllowlistExporter exporter;
  private final AuditLog audit;
  private final CidrPolicy policy;
  private final LongPredicate approvedMirror;
  private final Clock clock;

  Allowlist(
      Jdbi jdbi,
      AllowlistWriter writer,
      AllowlistExporter exporter,
      AuditLog audit,
      Rules rules,
      Clock clock) {
    this.jdbi = jdbi;
    this.writer = writer;
    this.exporter = exporter;
    this.audit = audit;
    this.policy = rules.policy();
    this.approvedMirror = rules.approvedMirror();
    this.clock = clock;
  }

  /** What an entry must satisfy: the CIDR policy and, for a mirror's entry, its approval. */
  record Rules(CidrPolicy policy, LongPredicate approvedMirror) {}

  /** Every stored entry, including expired ones the next expiry tick will remove. */
  public List<AllowlistEntry> list() {
    return jdbi.withExtension(AllowlistDao.class, AllowlistDao::all);
  }

  /**
   * Adds an entry, or refuses: 422 for invalid input, 409 when the network is inside, around or
   * equal to an active entry (named in the message) or the mirror is not approved.
   */
  public AllowlistEntry add(Principal actor, AddEntryRequest request) {
    Cidr cidr = parse(request.cidr());
    String comment = comment(request.comment());
    Instant now = clock.instant();
    if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
      throw ApiException.invalid(
          "invalid_expiry", "expiresAt " + request.expiresAt() + " is not in the future");
    }
    return writer.change(
        handle -> {
          // inside the lock, so a concurrent disable is reconciled before or after, never lost
          if (request.mirrorId() != null && !approvedMirror.test(request.mirrorId())) {
            throw ApiException.conflict(
                "mirror_not_approved",
                "mirror "
                    + request.mirrorId()
                    + " does not exist or is not approved; entries"
                    + " for it are only kept while it is approved");
          }
          AllowlistDao dao = handle.attach(AllowlistDao.class);
          for (AllowlistEntry existing : dao.active(now)) {
            if (existing.cidr().overlaps(cidr)) {
              throw ApiException.conflict("allowlist_overlap", overlap(cidr, existing));
            }
          }
          long id =
              dao.insert(
                  cidr.toString(),
                  request.mirrorId(),
                  Origin.MAINTAINER,
                  comment,
                  now,
                  actor.getName(),
                  request.expiresAt());
          AllowlistEntry added = dao.find(id).orElseThrow();
          audit.record(handle, actor, "allowlist.add", added.subject(), null, added);
          return added;
        });
  }

  /** Removes a maintainer's entry; 404 if none, 409 for a mirror's declared source. */
  public AllowlistEntry remove(Principal actor, long id) {
    return writer.change(
        handle -> {
          AllowlistDao dao = handle.attach(AllowlistDao.class);
          AllowlistEntry entry =
              dao.find(id).orElseThrow(() -> ApiException.notFound("no allowlist entry #" + id));
          if (entry.origin() == Origin.MIRROR) {
            throw ApiException.conflict(
                "declared_source",
                "entry "
                    + entry.describe()
                    + " follows the mirror's lifecycle: disable the"
                    + " mirror, or have its operator change its rsync sources");
          }
          dao.delete(id);
          audit.record(handle, actor, "allowlist.remove", entry.subject(), entry, null);
          return entry;
        });
  }

  /**
   * The active entries that admit any of these rsync sources (a mirror's declared ones): after a
   * disable or removal, what still gives it rsync access. Sources this allowlist's policy refuses
   * are skipped: no entry can have been made for them.
   */
  public List<AllowlistEntry> admitting(List<String> sources) {
    List<Cidr> networks = new ArrayList<>();
    for (String source : sources) {
      try {
        networks.add(Cidr.parse(source, policy));
      } catch (InvalidCidrException e) {
        // the registry's policy accepted it, this one does not
      }
    }
    return jdbi.withExtension(AllowlistDao.class, dao -> dao.active(clock.instant())).stream()
        .filter(entry -> networks.stream().anyMatch(entry.cidr()::overlaps))
        .toList();
  }

  /** The active entries in {@code format}; never includes an entry past its expiry. */
  public Representation export(ExportFormat format) {
    return exporter.render(
        format, jdbi.withExtension(AllowlistDao.class, dao -> dao.active(clock.instant())));
  }

  private Cidr parse(String text) {
    try {
      return Cidr.parse(text, policy);
    } catch (InvalidCidrException e) {
      throw ApiException.invalid("invalid_cidr", "cidr: " + e.getMessage());
    }
  }

  private static String comment(String comment) {
    if (comment == null) {
      return "";
    }
    if (comment.length() > MAX_COMMENT) {
      throw ApiException.invalid(
          "invalid_comment", "comment is longer than " + MAX_COMMENT + " characters");
    }
    if (comment.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid(
          "invalid_comment", "comment must be one line without control characters");
    }
    return comment.strip();
  }

  private static String overlap(Cidr cidr, AllowlistEntry existing) {
    String relation =
        existing.cidr().equals(cidr)
            ? "is already listed as"
            : existing.cidr().contains(cidr) ? "is inside" : "contains";
    return cidr
        + " "
        + relation
        + " entry "
        + existing.describe()
        + "; remove that entry first to replace it";
  }
}
