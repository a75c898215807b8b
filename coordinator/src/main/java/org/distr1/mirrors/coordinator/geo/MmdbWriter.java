package org.distr1.mirrors.coordinator.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes MaxMind DB files (format 2.0: binary search tree, data section, metadata) that MaxMind's
 * own reader opens, so tests, the demo and benchmarks run on real GeoIP2 databases. Maven Central
 * has no maintained Java writer; this one covers what GeoIP2 City and ASN records use.
 *
 * <p>The tree is IPv6 with 32-bit records; IPv4 networks live under {@code ::/96}, where readers
 * look up IPv4 addresses. Values map to MaxMind DB types by Java type: {@link String} utf8, {@link
 * Double} double, {@link Integer} uint16, {@link Long} uint32, {@link BigInteger} uint64, {@link
 * Boolean} boolean, {@link Map} map (string keys), {@link List} array — the types the GeoIP2 model
 * classes expect (e.g. {@code geoname_id} uint32, {@code accuracy_radius} uint16). Networks
 * inserted later overwrite the parts of earlier ones they cover.
 *
 * <p>Like MaxMind's own writers, it stores every string, double, map and array of the data section
 * once and points to it wherever it recurs (map keys, a country shared by many cities), so readers
 * decode and cache these files as they do the published databases.
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int RECORD_BITS = 32;

  private static final class Node {
    Object[] children = new Object[2]; // Node, Leaf or null
  }

  private record Leaf(int offset) {}

  /** Largest data-section offsets of the 2-, 3- and 4-byte pointer forms, plus one. */
  private static final int POINTER_1 = 1 << 11;

  private static final int POINTER_2 = POINTER_1 + (1 << 19);
  private static final int POINTER_3 = POINTER_2 + (1 << 27);

  private final String databaseType;
  private final String description;
  private final Node root = new Node();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  /** Where each value already written to the data section starts. */
  private final Map<Object, Integer> stored = new HashMap<>();

  public MmdbWriter(String databaseType, String description) {
    this.databaseType = databaseType;
    this.description = description;
  }

  /** Maps every address of {@code network}/{@code prefixLength} to {@code record}. */
  public MmdbWriter insert(InetAddress network, int prefixLength, Map<String, ?> record) {
    byte[] address = network.getAddress();
    int offset = network instanceof Inet4Address ? 96 : 0;
    int bits = offset + prefixLength;
    if (prefixLength < 1 || bits > 128) {
      throw new IllegalArgumentException("bad prefix length /" + prefixLength);
    }
    Leaf leaf = leaf(record);
    Node node = root;
    for (int depth = 0; depth < bits; depth++) {
      int bit = depth < offset ? 0 : bitAt(address, depth - offset);
      if (depth == bits - 1) {
        node.children[bit] = leaf;
        break;
      }
      Object child = node.children[bit];
      if (!(child instanceof Node)) {
        Node split = new Node();
        split.children[0] = child;
        split.children[1] = child;
        node.children[bit] = split;
        child = split;
      }
      node = (Node) child;
    }
    return this;
  }

  private static int bitAt(byte[] address, int index) {
    return (address[index / 8] >> (7 - index % 8)) & 1;
  }

  private Leaf leaf(Map<String, ?> record) {
    return new Leaf(store(record));
  }

  /** The data-section offset of {@code value}, written (after its parts) on first use. */
  private int store(Object value) {
    Integer known = stored.get(value);
    if (known != null) {
      return known;
    }
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    if (value instanceof Map<?, ?> map) {
      control(encoded, 7, map.size());
      map.forEach(
          (k, v) -> {
            reference(encoded, (String) k);
            reference(encoded, v);
          });
    } else if (value instanceof List<?> list) {
      control(encoded, 11, list.size());
      list.forEach(v -> reference(encoded, v));
    } else {
      encode(encoded, value);
    }
    int offset = data.size();
    data.writeBytes(encoded.toByteArray());
    stored.put(value, offset);
    return offset;
  }

  /** Strings, doubles, maps and arrays by pointer to their one copy; small numbers inline. */
  private void reference(ByteArrayOutputStream out, Object value) {
    if (!(value instanceof String
        || value instanceof Double
        || value instanceof Map<?, ?>
        || value instanceof List<?>)) {
      encode(out, value);
      return;
    }
    int offset = store(value);
    if (offset < POINTER_1) {
      out.write(1 << 5 | offset >> 8);
      out.write(offset);
    } else if (offset < POINTER_2) {
      int v = offset - POINTER_1;
      out.write(1 << 5 | 1 << 3 | v >> 16);
      out.write(v >> 8);
      out.write(v);
    } else if (offset < POINTER_3) {
      int v = offset - POINTER_2;
      out.write(1 << 5 | 2 << 3 | v >> 24);
      out.write(v >> 16);
      out.write(v >> 8);
      out.write(v);
    } else {
      out.write(1 << 5 | 3 << 3);
      out.writeBytes(ByteBuffer.allocate(4).putInt(offset).array());
    }
  }

  /** Writes the database atomically: readers polling the file never see half of it. */
  public void write(Path file) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, toBytes());
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public byte[] toBytes() {
    Map<Node, Integer> numbers = new IdentityHashMap<>();
    List<Node> order = new java.util.ArrayList<>();
    ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      Node node = queue.removeFirst();
      numbers.put(node, order.size());
      order.add(node);
      for (Object child : node.children) {
        if (child instanceof Node n) {
          queue.addLast(n);
        }
      }
    }
    long nodeCount = order.size();
    ByteBuffer tree = ByteBuffer.allocate(Math.toIntExact(nodeCount * 2 * RECORD_BITS / 8));
    for (Node node : order) {
      for (Object child : node.children) {
        long record =
            child instanceof Node n
                ? numbers.get(n)
                : child instanceof Leaf l ? nodeCount + 16 + l.offset() : nodeCount;
        tree.putInt((int) record);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tree.array());
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    encode(
        out,
        Map.of(
            "node_count",
            nodeCount,
            "record_size",
            RECORD_BITS,
            "ip_version",
            6,
            "database_type",
            databaseType,
            "languages",
            List.of("en"),
            "binary_format_major_version",
            2,
            "binary_format_minor_version",
            0,
            "build_epoch",
            BigInteger.valueOf(Instant.now().getEpochSecond()),
            "description",
            Map.of("en", description)));
    return out.toByteArray();
  }

  private static void encode(ByteArrayOutputStream out, Object value) {
    if (value instanceof String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      control(out, 2, bytes.length);
      out.writeBytes(bytes);
    } else if (value instanceof Double d) {
      control(out, 3, 8);
      out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
    } else if (value instanceof Integer i) {
      unsigned(out, 5, BigInteger.valueOf(i), 2);
    } else if (value instanceof Long l) {
      unsigned(out, 6, BigInteger.valueOf(l), 4);
    } else if (value instanceof BigInteger b) {
      unsigned(out, 9, b, 8);
    } else if (value instanceof Boolean b) {
      control(out, 14, b ? 1 : 0);
    } else if (value instanceof Map<?, ?> map) {
      control(out, 7, map.size());
      map.forEach(
          (k, v) -> {
            encode(out, (String) k);
            encode(out, v);
          });
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      list.forEach(v -> encode(out, v));
    } else {
      throw new IllegalArgumentException("no MaxMind DB type for " + value);
    }
  }

  private static void unsigned(
      ByteArrayOutputStream out, int type, BigInteger value, int maxBytes) {
    byte[] bytes = value.toByteArray();
    int start = bytes[0] == 0 ? 1 : 0; // BigInteger's sign byte
    int length = bytes.length - start;
    if (value.signum() < 0 || length > maxBytes) {
      throw new IllegalArgumentException(value + " does not fit " + maxBytes + " unsigned bytes");
    }
    control(out, type, length);
    out.write(bytes, start, length);
  }

  /** Control byte(s): type in the top 3 bits (extended types in a second byte), then size. */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65_821 ? 30 : 31;
    out.write((type <= 7 ? type : 0) << 5 | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    if (sizeBits == 29) {
      out.write(size - 29);
    } else if (sizeBits == 30) {
      out.write((size - 285) >> 8);
      out.write(size - 285);
    } else if (sizeBits == 31) {
      out.write((size - 65_821) >> 16);
      out.write((size - 65_821) >> 8);
      out.write(size - 65_821);
    }
  }
}
