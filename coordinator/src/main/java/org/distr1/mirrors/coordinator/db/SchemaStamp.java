package org.distr1.mirrors.coordinator.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.util.LiquibaseUtil;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Whether a database is already up to date with this build's changelogs, without Liquibase: with
 * 1,000 mirrors on a loaded machine, Liquibase finding nothing to do took 2.5 s of start-up
 * (loading its plugins, parsing every changelog, the lock, and since 4.30 fetching its analytics
 * settings from liquibase.com). Liquibase itself has no cheaper check: every way to ask it parses
 * the changelogs.
 *
 * <p>After Liquibase brings a database up to date, {@link #record} stores two digests: of this
 * build's changelog files (and the Liquibase version) and of Liquibase's history table as it is
 * then. {@link #isCurrent} is true only while the history table still has that digest. So a new
 * build (other changelogs) runs Liquibase; so does any change to the history (a rollback, cleared
 * checksums, another build's changesets added by a coordinator sharing a PostgreSQL database),
 * after which the row is stamped again. Builds sharing one database each have their own row.
 * Anything Liquibase's history does not show (a table changed by hand) Liquibase would not see
 * either. A current database does not wait for Liquibase's lock, i.e. for another coordinator's
 * migration in progress: whatever that adds, this build's changesets are all applied already.
 */
final class SchemaStamp {

  private static final Pattern INCLUDE = Pattern.compile("<include(All)?\\b([^>]*)>");
  private static final Pattern FILE = Pattern.compile("\\bfile=\"([^\"]+)\"");

  private final String changelogSha256;

  private SchemaStamp(String changelogSha256) {
    this.changelogSha256 = changelogSha256;
  }

  /**
   * The stamp of {@code master} (a class-path resource) and every file it includes, and they
   * include (relative to the including file, as the changelogs name them); an {@code includeAll} is
   * refused, its files cannot be listed without Liquibase.
   */
  static SchemaStamp of(String master) {
    MessageDigest digest = sha256();
    digest.update(LiquibaseUtil.getBuildVersion().getBytes(StandardCharsets.UTF_8));
    add(digest, master);
    return new SchemaStamp(HexFormat.of().formatHex(digest.digest()));
  }

  private static void add(MessageDigest digest, String changelog) {
    byte[] content = resource(changelog);
    digest.update(changelog.getBytes(StandardCharsets.UTF_8));
    digest.update(content);
    String text = new String(content, StandardCharsets.UTF_8);
    String dir = changelog.substring(0, changelog.lastIndexOf('/') + 1);
    Matcher include = INCLUDE.matcher(text);
    while (include.find()) {
      Matcher file = FILE.matcher(include.group(2));
      if (include.group(1) != null
          || !include.group(2).contains("relativeToChangelogFile=\"true\"")
          || !file.find()) {
        throw new IllegalStateException(
            changelog
                + ": SchemaStamp reads only <include file=... relativeToChangelogFile=\"true\"/>");
      }
      add(digest, dir + file.group(1));
    }
  }

  /** True when Liquibase's history is as it was when this stamp was last recorded. */
  boolean isCurrent(Jdbi jdbi) {
    try {
      return jdbi.withExtension(
          SchemaStampDao.class,
          dao -> dao.historyFor(changelogSha256).filter(h -> h.equals(history(dao))).isPresent());
    } catch (JdbiException e) { // a new database: no tables yet
      return false;
    }
  }

  /** Stamps the database after Liquibase brought it up to date with these changelogs. */
  void record(Jdbi jdbi, Clock clock) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    try {
      jdbi.useTransaction(
          handle -> {
            SchemaStampDao dao = handle.attach(SchemaStampDao.class);
            String history = history(dao);
            if (dao.update(changelogSha256, history, now) == 0) {
              dao.insert(changelogSha256, history, now);
            }
          });
    } catch (JdbiException e) {
      // another coordinator of the same build stamped it meanwhile (the primary key); without a
      // stamp the next start only runs Liquibase again
    }
  }

  String changelogSha256() {
    return changelogSha256;
  }

  private static String history(SchemaStampDao dao) {
    MessageDigest digest = sha256();
    for (String row : dao.history()) {
      digest.update(row.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static byte[] resource(String name) {
    ClassLoader loader = SchemaStamp.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("changelog not on the class path: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
