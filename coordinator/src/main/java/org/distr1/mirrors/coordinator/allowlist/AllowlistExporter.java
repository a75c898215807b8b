package org.distr1.mirrors.coordinator.allowlist;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.TreeSet;
import org.distr1.mirrors.shared.net.Cidr;

/** Renders the active entries in each {@link ExportFormat}. */
public final class AllowlistExporter {

  /** The JSON export's body. */
  public record Document(List<AllowlistEntry> entries) {
    public Document {
      entries = List.copyOf(entries);
    }
  }

  private final ObjectMapper json;

  public AllowlistExporter(ObjectMapper json) {
    this.json = json;
  }

  /** {@code active} must hold only entries active now, sorted by network. */
  public Representation render(ExportFormat format, List<AllowlistEntry> active) {
    return Representation.of(format, bytes(format, active));
  }

  private byte[] bytes(ExportFormat format, List<AllowlistEntry> active) {
    return switch (format) {
      case RSYNCD -> RsyncdFragment.render(networks(active)).getBytes(UTF_8);
      case SYSTEMD -> SocketDropIn.render(networks(active)).getBytes(UTF_8);
      case TEXT -> text(active).getBytes(UTF_8);
      case JSON -> document(active);
    };
  }

  static TreeSet<Cidr> networks(List<AllowlistEntry> entries) {
    var networks = new TreeSet<Cidr>();
    entries.forEach(e -> networks.add(e.cidr()));
    return networks;
  }

  private static String text(List<AllowlistEntry> active) {
    var text = new StringBuilder();
    networks(active).forEach(n -> text.append(n).append('\n'));
    return text.toString();
  }

  private byte[] document(List<AllowlistEntry> active) {
    try {
      return json.writeValueAsBytes(new Document(active));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("allowlist entries are plain records", e);
    }
  }
}
