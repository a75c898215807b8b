package org.distr1.mirrors.node.serve;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distr1.mirrors.shared.serve.Encoding;
import org.distr1.mirrors.shared.serve.ServeObserver;

/**
 * Requests and bytes served by encoding, as Dropwizard meters on the admin port ({@code
 * distri.serve.requests.zstd}, {@code distri.serve.bytes.zstd}, ...) and as {@link ServedTotals}.
 */
public final class ServeMetrics implements ServeObserver {
  private final Map<Encoding, Meter> requests = new EnumMap<>(Encoding.class);
  private final Map<Encoding, Meter> bytes = new EnumMap<>(Encoding.class);

  public ServeMetrics(MetricRegistry registry) {
    for (Encoding encoding : Encoding.values()) {
      requests.put(
          encoding, registry.meter(MetricRegistry.name("distri.serve.requests", encoding.token())));
      bytes.put(
          encoding, registry.meter(MetricRegistry.name("distri.serve.bytes", encoding.token())));
    }
  }

  @Override
  public void served(Encoding encoding, long sent) {
    requests.get(encoding).mark();
    if (sent > 0) {
      bytes.get(encoding).mark(sent);
    }
  }

  public ServedTotals totals() {
    Map<String, ServedTotals.Counts> counts = new LinkedHashMap<>();
    for (Encoding encoding : Encoding.values()) {
      counts.put(
          encoding.token(),
          new ServedTotals.Counts(
              requests.get(encoding).getCount(), bytes.get(encoding).getCount()));
    }
    return new ServedTotals(counts);
  }
}
