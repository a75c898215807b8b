package org.distr1.mirrors.coordinator.registry;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.distr1.mirrors.coordinator.auth.MirrorPrincipal;
import org.distr1.mirrors.coordinator.auth.TokenAuthenticator;
import org.distr1.mirrors.coordinator.auth.Tokens;
import org.jdbi.v3.core.Jdbi;

/**
 * Mirror (operator and node) tokens: one per mirror, replaced on rotation, gone on removal.
 *
 * <p>Every node report is authenticated, so the stored hashes are kept in memory: read from the
 * database on first use, and forgotten after every committed change of the mirror (rotation and
 * removal among them), so the next request reads the new hash. The read runs inside the map's
 * per-key compute, so a read that saw the old row finishes before the forget that follows the
 * commit, and a removed or rotated token stops working as soon as the change is answered.
 * Coordinators sharing the database forget a hash when another one tells of the mirror's change
 * ({@link ClusterFollower}).
 *
 * <p>An id with no mirror is remembered as absent too, so that requests with made-up ids cost no
 * database read each: for {@link #ABSENT_FOR} at most, and only until the next registry change (an
 * enrollment fires one after it committed); a lookup that began before that change does not count.
 * At most {@link #MAX_ABSENT} ids are remembered as absent.
 */
final class MirrorTokens
    implements TokenAuthenticator.Owners<MirrorPrincipal>, Managed, RegistryChangeListener {

  static final Duration ABSENT_FOR = Duration.ofSeconds(10);
  static final int MAX_ABSENT = 10_000;

  private record Absence(long generation, long seenAtNanos) {}

  private final Jdbi jdbi;
  private final LongSupplier nanoTime;
  private final Map<Long, TokenAuthenticator.Owner<MirrorPrincipal>> known =
      new ConcurrentHashMap<>();
  private final Map<Long, Absence> absent = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  MirrorTokens(Jdbi jdbi) {
    this(jdbi, System::nanoTime);
  }

  MirrorTokens(Jdbi jdbi, LongSupplier nanoTime) {
    this.jdbi = jdbi;
    this.nanoTime = nanoTime;
  }

  TokenAuthenticator<MirrorPrincipal> authenticator() {
    return new TokenAuthenticator<>(
        Tokens.OPERATOR_PREFIX,
        this,
        Map.of(
            Tokens.MAINTAINER_PREFIX,
            "A maintainer token cannot act as a mirror; use the mirror's own token."));
  }

  @Override
  public void start() {
    jdbi.withExtension(MirrorDao.class, MirrorDao::tokenHashes)
        .forEach((id, hash) -> known.putIfAbsent(id, owner(id, hash)));
  }

  @Override
  public Optional<TokenAuthenticator.Owner<MirrorPrincipal>> find(long mirrorId) {
    TokenAuthenticator.Owner<MirrorPrincipal> owner = known.get(mirrorId);
    if (owner != null) {
      return Optional.of(owner);
    }
    long startedAt = generation.get();
    long now = nanoTime.getAsLong();
    Absence seen = absent.get(mirrorId);
    if (seen != null
        && seen.generation() == startedAt
        && now - seen.seenAtNanos() < ABSENT_FOR.toNanos()) {
      return Optional.empty();
    }
    owner =
        known.computeIfAbsent(
            mirrorId,
            id ->
                jdbi.withExtension(MirrorDao.class, dao -> dao.tokenHash(id))
                    .map(hash -> owner(id, hash))
                    .orElse(null));
    if (owner == null) {
      if (absent.size() >= MAX_ABSENT) {
        absent.clear();
      }
      absent.put(mirrorId, new Absence(startedAt, now));
    } else {
      absent.remove(mirrorId);
    }
    return Optional.ofNullable(owner);
  }

  /** A mirror may have been enrolled: ids remembered as absent are looked up again. */
  @Override
  public void registryChanged() {
    generation.incrementAndGet();
  }

  /** Call after a change of the mirror committed. */
  void forget(long mirrorId) {
    known.remove(mirrorId);
  }

  /** After the other coordinators' changes may have been missed: read every hash again on use. */
  void forgetAll() {
    known.clear();
  }

  private static TokenAuthenticator.Owner<MirrorPrincipal> owner(long id, String hash) {
    return new TokenAuthenticator.Owner<>(hash, new MirrorPrincipal(id));
  }

  static String token(long mirrorId, String secret) {
    return Tokens.token(Tokens.OPERATOR_PREFIX, mirrorId, secret);
  }
}
