package org.distr1.mirrors.coordinator.origin;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The hashes of one origin file as it was when hashed (its size and appearance time say which
 * content): whole-file SHA-256 and SHA-512 and SHA-256 of each {@code pieceLength} piece. The
 * header values are built once here, so that a redirect only copies a reference.
 */
public final class FileDigests {
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final long size;
  private final long appearedAtMillis;
  private final String sha256;
  private final String sha512;
  private final int pieceLength;
  private final List<String> pieces;
  private final String reprDigest;
  private final String digest;

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
    if (size < 0 || pieceLength <= 0) {
      throw new IllegalArgumentException("size must not be negative and pieces not empty");
    }
    this.size = size;
    this.appearedAtMillis = appearedAtMillis;
    this.sha256 = Objects.requireNonNull(sha256, "sha256");
    this.sha512 = Objects.requireNonNull(sha512, "sha512");
    this.pieceLength = pieceLength;
    this.pieces = List.copyOf(pieces);
    String b256 = BASE64.encodeToString(HEX.parseHex(sha256));
    String b512 = BASE64.encodeToString(HEX.parseHex(sha512));
    this.reprDigest = "sha-256=:" + b256 + ":, sha-512=:" + b512 + ":";
    this.digest = "SHA-256=" + b256 + ",SHA-512=" + b512;
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

  public String sha256() {
    return sha256;
  }

  public String sha512() {
    return sha512;
  }

  public int pieceLength() {
    return pieceLength;
  }

  public List<String> pieces() {
    return pieces;
  }

  /** RFC 9530 {@code Repr-Digest} value. */
  public String reprDigest() {
    return reprDigest;
  }

  /** RFC 3230 {@code Digest} value, which RFC 6249 clients read. */
  public String digest() {
    return digest;
  }
}
