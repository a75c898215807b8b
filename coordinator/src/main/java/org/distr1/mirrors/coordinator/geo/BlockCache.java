package org.distr1.mirrors.coordinator.geo;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;

/**
 * One mmdb reader's answers, remembered per address block: per /24 for IPv4, per /48 for IPv6. Each
 * redirect looks its client up; without this each lookup walks the search tree (32 nodes for IPv4)
 * and decodes the record's map anew (the reader's own cache keeps only values reached by pointer),
 * which was about a tenth of a redirect's CPU.
 *
 * <p>An answer is kept only when the database's network for the address is the whole block or wider
 * (its prefix length at most 24 or 48): every address of the block then walks the same path to the
 * same record, so a remembered answer is exactly what the reader would say. Addresses in smaller
 * networks (some of GeoLite2's IPv4 ones) are read from the tree each time.
 *
 * <p>Two-way and lock-free: a block may sit in either slot of its pair, the newer first; storing a
 * block moves the pair's first entry to the second and drops what was there. The cache never grows
 * past its slots and a lookup costs one or two array reads. Direct-mapped, the 10,000 client blocks
 * of the redirect benchmark missed about one lookup in seven (blocks sharing a slot evict each
 * other on every visit), each miss a tree walk and a record decoded: most of GeoIP's share of a
 * redirect. Slots are written without synchronization; that is safe because an entry is immutable
 * (final fields are seen fully initialized by every thread) and a stale, doubled or missing entry
 * is only a miss.
 */
final class BlockCache<T> {
  /** 65,536 slots: about 2.5 MB of entries when full. */
  private static final int SLOT_BITS = 16;

  private static final int IPV4_BLOCK = 24;
  private static final int IPV6_BLOCK = 48;

  /** Keys of IPv4 blocks sit above every 48-bit IPv6 block key. */
  private static final long IPV4_TAG = 1L << 48;

  /** A block's answer; {@code value} null: the database has no record for the block. */
  private record Entry<T>(long block, T value) {}

  private final Reader reader;
  private final Class<T> type;

  @SuppressWarnings("unchecked")
  private final Entry<T>[] slots = (Entry<T>[]) new Entry<?>[1 << SLOT_BITS];

  BlockCache(Reader reader, Class<T> type) {
    this.reader = reader;
    this.type = type;
  }

  Reader reader() {
    return reader;
  }

  /** The reader's record for the address, or null when it has none. */
  T get(InetAddress address) throws IOException {
    byte[] bytes = address.getAddress();
    long block = block(bytes);
    int slot = slot(block);
    Entry<T> newer = slots[slot];
    if (newer != null && newer.block() == block) {
      return newer.value();
    }
    Entry<T> older = slots[slot + 1];
    if (older != null && older.block() == block) {
      return older.value();
    }
    DatabaseRecord<T> found = reader.getRecord(address, type);
    int prefix = found.getNetwork().getPrefixLength();
    if (prefix <= (bytes.length == 4 ? IPV4_BLOCK : IPV6_BLOCK)) {
      slots[slot + 1] = newer;
      slots[slot] = new Entry<>(block, found.getData());
    }
    return found.getData();
  }

  static long block(byte[] bytes) {
    long block = 0;
    if (bytes.length == 4) {
      for (int i = 0; i < 3; i++) {
        block = block << 8 | (bytes[i] & 0xff);
      }
      return IPV4_TAG | block;
    }
    for (int i = 0; i < 6; i++) {
      block = block << 8 | (bytes[i] & 0xff);
    }
    return block;
  }

  /**
   * The first slot of the block's pair. Spreads neighbouring blocks over the slots (a client
   * population clusters in ranges).
   */
  static int slot(long block) {
    long mixed = block * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> (64 - SLOT_BITS)) & ~1;
  }
}
