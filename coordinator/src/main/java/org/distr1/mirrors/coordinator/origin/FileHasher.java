package org.distr1.mirrors.coordinator.origin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a file once and feeds every byte to the whole-file SHA-256 and SHA-512 and to the current
 * piece's SHA-256. Pieces are at least 1 MiB and at most {@link #MAX_PIECES} per file, so a
 * metalink stays small for a large image and a small package is one piece.
 */
final class FileHasher {
  static final int MIN_PIECE = 1 << 20;
  static final int MAX_PIECES = 1024;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] buffer = new byte[1 << 16];

  static int pieceLength(long size) {
    long length = MIN_PIECE;
    while ((size + length - 1) / length > MAX_PIECES) {
      length <<= 1;
    }
    return (int) Math.min(length, 1 << 30);
  }

  /**
   * @param file what the scan saw; the result is tied to its size and appearance time
   */
  FileDigests hash(Path path, OriginFile file) throws IOException {
    MessageDigest sha256 = sha("SHA-256");
    MessageDigest sha512 = sha("SHA-512");
    MessageDigest piece = sha("SHA-256");
    int pieceLength = pieceLength(file.size());
    List<String> pieces = new ArrayList<>();
    long read = 0;
    long inPiece = 0;
    try (InputStream in = Files.newInputStream(path)) {
      int n;
      while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, pieceLength - inPiece))) > 0) {
        sha256.update(buffer, 0, n);
        sha512.update(buffer, 0, n);
        piece.update(buffer, 0, n);
        read += n;
        inPiece += n;
        if (inPiece == pieceLength) {
          pieces.add(HEX.formatHex(piece.digest()));
          inPiece = 0;
        }
      }
    }
    if (inPiece > 0 || read == 0) {
      pieces.add(HEX.formatHex(piece.digest()));
    }
    if (read != file.size()) {
      throw new IOException(path + " changed while it was hashed");
    }
    return new FileDigests(
        file.size(),
        file.appearedAtMillis(),
        HEX.formatHex(sha256.digest()),
        HEX.formatHex(sha512.digest()),
        pieceLength,
        pieces);
  }

  private static MessageDigest sha(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has " + algorithm, e);
    }
  }
}
