package org.distr1.mirrors.coordinator.stats;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.distr1.mirrors.shared.web.ApiException;
import org.jdbi.v3.core.Jdbi;

/** Public download statistics: what the status page charts, for anyone to query. */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {
  private static final Duration MAX_HOURS = Duration.ofDays(31);
  private static final Duration MAX_DAYS = Duration.ofDays(800);
  private static final int MAX_FILES = 1000;

  /** {@code by=} values and the column each groups by. */
  private static final Map<String, String> DIMENSIONS =
      Map.of(
          "mirror", "c.mirror_id",
          "country", "c.country",
          "release", "c.release_name",
          "reason", "c.reason");

  private final Jdbi jdbi;
  private final Clock clock;

  public StatsResource(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @GET
  public StatsAnswer series(
      @QueryParam("granularity") String granularity,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("by") String by,
      @QueryParam("mirror") String mirror,
      @QueryParam("country") String country,
      @QueryParam("release") String release) {
    boolean hourly = granularity == null || granularity.equals("hour");
    if (!hourly && !granularity.equals("day")) {
      throw ApiException.badRequest(
          "invalid_granularity", "granularity is hour or day, not '" + granularity + "'");
    }
    int step = hourly ? CountRow.HOUR : CountRow.DAY;
    String dimension = by == null ? "mirror" : by;
    String column = DIMENSIONS.get(dimension);
    if (column == null) {
      throw ApiException.badRequest(
          "invalid_by", "by is mirror, country, release or reason, not '" + by + "'");
    }
    Range range = range(from, to, hourly ? Duration.ofDays(1) : Duration.ofDays(30), step);
    if (Duration.ofSeconds(range.to - range.from).compareTo(hourly ? MAX_HOURS : MAX_DAYS) > 0) {
      throw ApiException.badRequest(
          "range_too_long",
          hourly
              ? "hourly statistics span at most 31 days; ask for granularity=day"
              : "daily statistics span at most 800 days");
    }
    Long mirrorId = mirror(mirror);
    String countryCode = country(country);
    String releaseName = release(release);
    return jdbi.withExtension(
        StatsDao.class,
        dao -> {
          List<StatsDao.SeriesRow> rows =
              dao.series(step, column, range.from, range.to, mirrorId, countryCode, releaseName);
          Map<String, String> names = new TreeMap<>();
          if (dimension.equals("mirror")) {
            Map<Long, String> all = dao.mirrorNames();
            rows.forEach(
                row -> {
                  String name = all.get(Long.parseLong(row.seriesKey()));
                  if (name != null) {
                    names.put(row.seriesKey(), name);
                  }
                });
          }
          return answer(hourly, range, dimension, rows, names);
        });
  }

  @GET
  @Path("/files")
  public StatsAnswer.Files files(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("release") String release,
      @QueryParam("limit") String limit) {
    Range range = range(from, to, Duration.ofDays(7), CountRow.DAY);
    if (Duration.ofSeconds(range.to - range.from).compareTo(MAX_DAYS) > 0) {
      throw ApiException.badRequest("range_too_long", "file statistics span at most 800 days");
    }
    int count = limit(limit);
    String releaseName = release(release);
    return new StatsAnswer.Files(
        Instant.ofEpochSecond(range.from),
        Instant.ofEpochSecond(range.to),
        jdbi.withExtension(
            StatsDao.class, dao -> dao.topFiles(range.from, range.to, releaseName, count)));
  }

  private static StatsAnswer answer(
      boolean hourly,
      Range range,
      String dimension,
      List<StatsDao.SeriesRow> rows,
      Map<String, String> names) {
    Map<String, List<StatsAnswer.Point>> points = new LinkedHashMap<>();
    Map<String, Long> totals = new LinkedHashMap<>();
    long total = 0;
    for (StatsDao.SeriesRow row : rows) {
      points
          .computeIfAbsent(row.seriesKey(), ignored -> new ArrayList<>())
          .add(new StatsAnswer.Point(Instant.ofEpochSecond(row.bucketStart()), row.requests()));
      totals.merge(row.seriesKey(), row.requests(), Long::sum);
      total += row.requests();
    }
    List<StatsAnswer.Series> series = new ArrayList<>();
    points.forEach((key, list) -> series.add(new StatsAnswer.Series(key, totals.get(key), list)));
    series.sort((a, b) -> Long.compare(b.total(), a.total()));
    return new StatsAnswer(
        hourly ? "hour" : "day",
        Instant.ofEpochSecond(range.from),
        Instant.ofEpochSecond(range.to),
        dimension,
        total,
        series,
        names);
  }

  /** [from, to) in epoch seconds, aligned outwards to {@code step}. */
  private record Range(long from, long to) {}

  private Range range(String from, String to, Duration defaultLength, int step) {
    Instant end = to == null ? clock.instant() : instant("to", to);
    Instant start = from == null ? end.minus(defaultLength) : instant("from", from);
    if (!start.isBefore(end)) {
      throw ApiException.badRequest("invalid_range", "from must be before to");
    }
    long alignedFrom = Math.floorDiv(start.getEpochSecond(), step) * step;
    long alignedTo = Math.floorDiv(end.getEpochSecond() + step - 1, step) * step;
    return new Range(alignedFrom, alignedTo);
  }

  private static Instant instant(String name, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "invalid_time",
          name + " is an RFC 3339 time in UTC (2026-12-01T00:00:00Z), not '" + text + "'");
    }
  }

  private static Long mirror(String text) {
    if (text == null) {
      return null;
    }
    if (text.equals("origin")) {
      return 0L;
    }
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw ApiException.badRequest(
        "invalid_mirror", "mirror is a mirror's id or 'origin', not '" + text + "'");
  }

  private static String country(String text) {
    if (text == null) {
      return null;
    }
    if (!text.matches("[A-Za-z]{2}")) {
      throw ApiException.badRequest(
          "invalid_country", "country is a two-letter ISO 3166 code, not '" + text + "'");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  private static String release(String text) {
    if (text != null && (text.isEmpty() || text.length() > 100 || text.contains("/"))) {
      throw ApiException.badRequest(
          "invalid_release", "release is one path segment below /distri/, such as jackherer");
    }
    return text;
  }

  private static int limit(String text) {
    if (text == null) {
      return 100;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_FILES) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the message below says what is expected
    }
    throw ApiException.badRequest(
        "invalid_limit", "limit is a number from 1 to " + MAX_FILES + ", not '" + text + "'");
  }
}
