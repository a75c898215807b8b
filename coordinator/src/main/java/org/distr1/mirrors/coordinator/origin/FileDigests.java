package org.distr1.mirrors.coordinator.origin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The hashes of one origin file as it was when hashed (its size and appearance time say which
 * content): whole-file SHA-256 and SHA-512 and SHA-256 of each {@code pieceLength} piece.
 *
 * <p>Held as the hashes' bytes in one array, shared by every name of the same content ({@link
 * #named}): the coordinator keeps one of these for every path of the origin (at 100,000 files
 * reached as commit, release and master, 300,000 of them), and the hex and header strings built
 * once each took about 800 bytes a path where the bytes take 130 for all the names of a small file.
 * The header values are built when a redirect asks (two short Base64 encodings).
 */
public final class FileDigests {
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder BASE64 = Base64.getEncoder();
  private static final int SHA256 = 32;
  private static final int SHA512 = 64;
  private static final int PIECES = SHA256 + SHA512;

  private final long size;
  private final long appearedAtMillis;
  private final int pieceLength;

  /** SHA-256, SHA-512, then each piece's SHA-256: never changed after construction. */
  private final byte[] hashes;

  /**
   * @param sha256 hex
   * @param sha512 hex
   * @param pieces hex SHA-256 of each piece, in order
   */
  public FileDigests(
      long size,
      long appearedAtMillis,
      String sha256,
      String sha512,
      int pieceLength,
      List<String> pieces) {
    this(size, appearedAtMillis, pieceLength, bytes(sha256, sha512, pieces));
  }

  private FileDigests(long size, long appearedAtMillis, int pieceLength, byte[] hashes) {
    if (size < 0 || pieceLength <= 0) {
      throw new IllegalArgumentException("size must not be negative and pieces not empty");
    }
    this.size = size;
    this.appearedAtMillis = appearedAtMillis;
    this.pieceLength = pieceLength;
    this.hashes = hashes;
  }

  private static byte[] bytes(String sha256, String sha512, List<String> pieces) {
    byte[] whole256 = HEX.parseHex(Objects.requireNonNull(sha256, "sha256"));
    byte[] whole512 = HEX.parseHex(Objects.requireNonNull(sha512, "sha512"));
    if (whole256.length != SHA256 || whole512.length != SHA512) {
      throw new IllegalArgumentException("not a SHA-256 and a SHA-512: " + sha256 + " " + sha512);
    }
    byte[] hashes = new byte[PIECES + pieces.size() * SHA256];
    System.arraycopy(whole256, 0, hashes, 0, SHA256);
    System.arraycopy(whole512, 0, hashes, SHA256, SHA512);
    int at = PIECES;
    for (String piece : pieces) {
      byte[] bytes = HEX.parseHex(piece);
      if (bytes.length != SHA256) {
        throw new IllegalArgumentException("not a piece's SHA-256: " + piece);
      }
      System.arraycopy(bytes, 0, hashes, at, SHA256);
      at += SHA256;
    }
    return hashes;
  }

  /**
   * The same hashes for another name of the same content (a release link, {@code master/...}, a
   * hard link), sharing the bytes.
   */
  FileDigests named(long size, long appearedAtMillis) {
    return new FileDigests(size, appearedAtMillis, pieceLength, hashes);
  }

  /** Whether {@code other} holds the same hashes, so that this one's bytes can stand for it. */
  boolean sameHashes(FileDigests other) {
    return pieceLength == other.pieceLength && Arrays.equals(hashes, other.hashes);
  }

  /** These hashes over {@code other}'s bytes when they are equal (to share one array). */
  FileDigests sharing(FileDigests other) {
    return other != this && sameHashes(other) ? other.named(size, appearedAtMillis) : this;
  }

  /** Whether these hashes describe the file's current content. */
  public boolean describes(OriginFile file) {
    return file.size() == size && file.appearedAtMillis() == appearedAtMillis;
  }

  public long size() {
    return size;
  }

  public long appearedAtMillis() {
    return appearedAtMillis;
  }

  /** Hex. */
  public String sha256() {
    return HEX.formatHex(hashes, 0, SHA256);
  }

  /** Hex. */
  public String sha512() {
    return HEX.formatHex(hashes, SHA256, PIECES);
  }

  public int pieceLength() {
    return pieceLength;
  }

  /** Hex SHA-256 of each piece, in order. */
  public List<String> pieces() {
    List<String> pieces = new ArrayList<>((hashes.length - PIECES) / SHA256);
    for (int at = PIECES; at < hashes.length; at += SHA256) {
      pieces.add(HEX.formatHex(hashes, at, at + SHA256));
    }
    return pieces;
  }

  /** RFC 9530 {@code Repr-Digest} value. */
  public String reprDigest() {
    return "sha-256=:" + base64(0, SHA256) + ":, sha-512=:" + base64(SHA256, PIECES) + ":";
  }

  /** RFC 3230 {@code Digest} value, which RFC 6249 clients read. */
  public String digest() {
    return "SHA-256=" + base64(0, SHA256) + ",SHA-512=" + base64(SHA256, PIECES);
  }

  private String base64(int from, int to) {
    return BASE64.encodeToString(Arrays.copyOfRange(hashes, from, to));
  }
}
