package org.distr1.mirrors.coordinator.origin;

import java.util.ArrayList;
import java.util.List;

/** One row of {@code origin_digests}; pieces are the piece hashes' hex, concatenated. */
public record DigestRow(
    String path,
    long size,
    long appearedAtMillis,
    String sha256,
    String sha512,
    int pieceLength,
    String pieces) {
  private static final int HEX_PER_PIECE = 64;

  static DigestRow of(String path, FileDigests d) {
    return new DigestRow(
        path,
        d.size(),
        d.appearedAtMillis(),
        d.sha256(),
        d.sha512(),
        d.pieceLength(),
        String.join("", d.pieces()));
  }

  FileDigests digests() {
    List<String> split = new ArrayList<>(pieces.length() / HEX_PER_PIECE);
    for (int at = 0; at + HEX_PER_PIECE <= pieces.length(); at += HEX_PER_PIECE) {
      split.add(pieces.substring(at, at + HEX_PER_PIECE));
    }
    return new FileDigests(size, appearedAtMillis, sha256, sha512, pieceLength, split);
  }
}
