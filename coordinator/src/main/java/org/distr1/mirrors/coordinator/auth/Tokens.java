package org.distr1.mirrors.coordinator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens: {@code <audience prefix><owner id>.<secret>}. The secret is 256 random bits and
 * only its SHA-256 is stored. The owner id is not secret: it selects the one stored hash, which is
 * then compared in constant time. The prefix says which audience a token belongs to, so a token
 * presented at the wrong door gets "forbidden" rather than "unknown", and a leaked token is easy to
 * recognise.
 */
public final class Tokens {

  public static final String OPERATOR_PREFIX = "dmo_";
  public static final String MAINTAINER_PREFIX = "dmm_";
  public static final String ALLOWLIST_READER_PREFIX = "dma_";

  /** Every audience's prefix and what a token with it is called. */
  static final Map<String, String> AUDIENCES =
      Map.of(
          OPERATOR_PREFIX, "a mirror token",
          MAINTAINER_PREFIX, "a maintainer token",
          ALLOWLIST_READER_PREFIX, "an allowlist reader token");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  private Tokens() {}

  /** A new secret; give {@link #token} to its owner once and store {@link #hash} of it. */
  public static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String token(String prefix, long ownerId, String secret) {
    return prefix + ownerId + "." + secret;
  }

  public static String hash(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** Constant-time comparison of a presented secret with a stored hash. */
  public static boolean matches(String secret, String storedHash) {
    if (storedHash == null || storedHash.length() != 64) {
      return false;
    }
    return MessageDigest.isEqual(sha256(secret), HexFormat.of().parseHex(storedHash));
  }

  /** The owner id and secret of a token with this prefix, or empty if it is not one. */
  public static Optional<Presented> parse(String prefix, String token) {
    if (token == null || !token.startsWith(prefix)) {
      return Optional.empty();
    }
    int dot = token.indexOf('.', prefix.length());
    if (dot < 0 || dot == prefix.length() || dot - prefix.length() > 18) {
      return Optional.empty();
    }
    try {
      long ownerId = Long.parseLong(token.substring(prefix.length(), dot));
      String secret = token.substring(dot + 1);
      return secret.isEmpty() || ownerId <= 0
          ? Optional.empty()
          : Optional.of(new Presented(ownerId, secret));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public record Presented(long ownerId, String secret) {}

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
