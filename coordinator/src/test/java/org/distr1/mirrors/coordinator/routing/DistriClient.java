package org.distr1.mirrors.coordinator.routing;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * One host running distri's update the way its client does ({@code internal/repo/reader.go}, {@code
 * internal/install}): it revalidates {@code master/pkg/meta.binaryproto} with {@code
 * If-Modified-Since}, then starts one task per package — the unversioned {@code
 * <name>-amd64.meta.textproto} first, then the squashfs of the version it names — all at once.
 * Every request sends {@code Accept-Encoding: zstd, gzip} and decodes itself, follows redirects (at
 * most 10, Go's default), never retries and uses no Range. It keeps at most {@link #CONNECTIONS}
 * connections per host; the host's address reaches the coordinator as {@code X-Forwarded-For}
 * (loopback is its trusted proxy).
 *
 * <p>Every answer is checked: a 404 is counted (distri skips the package after a missing meta file
 * and fails the install after a missing image), and so is a body other than the origin's bytes for
 * that path at some moment during the request ({@link MasterHistory}).
 */
final class DistriClient implements AutoCloseable {
  static final int PACKAGES = 200;
  static final int CONNECTIONS = 10;
  private static final String PKG = "distri/master/pkg/";
  private static final String INDEX = PKG + "meta.binaryproto";
  private static final Pattern VERSION = Pattern.compile("(?m)^version: \"([^\"]+)\"$");

  private final String address;
  private final URI coordinator;
  private final Map<Integer, String> mirrorsByPort;
  private final MasterHistory history;
  private final CloseableHttpClient http;
  private final ExecutorService tasks = Executors.newFixedThreadPool(PACKAGES);
  private byte[] index;
  private String indexModified;

  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger notFound = new AtomicInteger();
  final AtomicInteger mismatches = new AtomicInteger();
  final AtomicInteger revalidated = new AtomicInteger();
  final AtomicInteger zstd = new AtomicInteger();

  /** Answers neither 200, 304 nor 404, and requests without an answer. */
  final AtomicInteger errors = new AtomicInteger();

  final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();

  /** Answers to requests sent after master first moved, by who served them. */
  final Map<String, LongAdder> servedAfterMove = new ConcurrentHashMap<>();

  /** What went wrong, one line per 404, mismatch or error. */
  final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param mirrorsByPort the mirrors' names by their loopback ports; answers from anywhere else
   *     count as the origin's
   */
  DistriClient(
      String address, URI coordinator, Map<Integer, String> mirrorsByPort, MasterHistory history) {
    this.address = address;
    this.coordinator = coordinator;
    this.mirrorsByPort = mirrorsByPort;
    this.history = history;
    this.http =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(CONNECTIONS)
                    .setMaxConnTotal(CONNECTIONS * (mirrorsByPort.size() + 1))
                    .build())
            .disableContentCompression()
            .disableAutomaticRetries()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(true)
                    .setMaxRedirects(10)
                    .setResponseTimeout(Timeout.ofSeconds(30))
                    .build())
            .build();
  }

  /** One update: the index, then every package's meta file and image, in parallel. */
  void update() throws Exception {
    Answer answer = get(INDEX, indexModified);
    if (answer.status() == 200) {
      index = answer.body();
      indexModified = answer.lastModified();
    } else if (answer.status() == 304 && index != null) {
      revalidated.incrementAndGet();
      check(INDEX, answer.withBody(index)); // "not modified" must be true at the origin too
    } else {
      problem(INDEX + ": " + answer.status() + " from " + answer.served());
      return;
    }
    List<Future<?>> running = new ArrayList<>();
    for (String name : packages(index)) {
      running.add(tasks.submit(() -> install(name)));
    }
    for (Future<?> task : running) {
      task.get(120, TimeUnit.SECONDS);
    }
  }

  private void install(String name) {
    Answer meta = get(PKG + name + ".meta.textproto", null);
    if (meta.status() != 200) {
      return; // distri skips the package
    }
    Matcher version = VERSION.matcher(new String(meta.body(), StandardCharsets.UTF_8));
    if (!version.find()) {
      problem(name + ": meta file without a version");
      return;
    }
    get(PKG + name + "-" + version.group(1) + ".squashfs", null);
  }

  /** The first {@link #PACKAGES} unversioned names the index lists images of, sorted. */
  private static List<String> packages(byte[] index) {
    var names = new TreeSet<String>();
    for (int at = 0; at < index.length; ) {
      int field = index[at++] >>> 3;
      int length = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = index[at++];
        length |= (b & 0x7f) << shift;
        if (b >= 0) {
          break;
        }
      }
      String value = new String(index, at, length, StandardCharsets.UTF_8);
      at += length;
      if (field == 2) {
        names.add(value.substring(0, value.indexOf("-amd64") + "-amd64".length()));
      }
    }
    return names.stream().limit(PACKAGES).toList();
  }

  /**
   * @param served the mirror's name, or {@code origin}
   */
  private record Answer(
      int status, byte[] body, String lastModified, String served, long start, long end) {
    Answer withBody(byte[] cached) {
      return new Answer(status, cached, lastModified, served, start, end);
    }
  }

  /** GETs {@code path} as distri's client does, and counts and checks the answer. */
  private Answer get(String path, String ifModifiedSince) {
    requests.incrementAndGet();
    HttpGet get = new HttpGet(coordinator.resolve("/" + path));
    get.addHeader("Accept-Encoding", "zstd, gzip");
    get.addHeader("X-Forwarded-For", address);
    if (ifModifiedSince != null) {
      get.addHeader("If-Modified-Since", ifModifiedSince);
    }
    HttpClientContext context = HttpClientContext.create();
    long start = System.nanoTime();
    Answer answer;
    try {
      answer =
          http.execute(
              get,
              context,
              response -> {
                byte[] body =
                    response.getEntity() == null
                        ? new byte[0]
                        : EntityUtils.toByteArray(response.getEntity());
                Header encoding = response.getFirstHeader("Content-Encoding");
                if (encoding != null && encoding.getValue().equals("zstd")) {
                  zstd.incrementAndGet();
                }
                Header modified = response.getFirstHeader("Last-Modified");
                var hops = context.getRedirectLocations();
                URI last = hops.size() == 0 ? null : hops.get(hops.size() - 1);
                return new Answer(
                    response.getCode(),
                    decode(encoding == null ? null : encoding.getValue(), body),
                    modified == null ? null : modified.getValue(),
                    last == null
                        ? "origin"
                        : mirrorsByPort.getOrDefault(last.getPort(), "unknown " + last),
                    start,
                    System.nanoTime());
              });
    } catch (IOException e) {
      problem(path + ": " + e);
      return new Answer(-1, null, null, "none", start, System.nanoTime());
    }
    servedBy.computeIfAbsent(answer.served(), k -> new LongAdder()).increment();
    if (history.movedBefore(start)) {
      servedAfterMove.computeIfAbsent(answer.served(), k -> new LongAdder()).increment();
    }
    if (answer.status() == 404) {
      notFound.incrementAndGet();
      problems.add(path + ": 404 from " + answer.served());
    } else if (answer.status() == 200) {
      check(path, answer);
    } else if (answer.status() != 304) {
      problem(path + ": " + answer.status() + " from " + answer.served());
    }
    return answer;
  }

  private void check(String path, Answer answer) {
    try {
      if (!history.matches(path, answer.start(), answer.end(), answer.body())) {
        mismatches.incrementAndGet();
        problems.add(
            path + ": bytes the origin did not hold during the request, from " + answer.served());
      }
    } catch (IOException e) {
      problem(path + ": origin unreadable: " + e);
    }
  }

  private void problem(String what) {
    errors.incrementAndGet();
    problems.add(what);
  }

  private static byte[] decode(String encoding, byte[] body) throws IOException {
    if (encoding == null || encoding.equals("identity")) {
      return body;
    }
    try (InputStream in =
        encoding.equals("zstd")
            ? new ZstdInputStream(new ByteArrayInputStream(body))
            : encoding.equals("gzip")
                ? new GZIPInputStream(new ByteArrayInputStream(body))
                : null) {
      if (in == null) {
        throw new IOException("unknown Content-Encoding " + encoding);
      }
      return in.readAllBytes();
    }
  }

  @Override
  public void close() throws IOException {
    tasks.shutdownNow();
    http.close();
  }
}
