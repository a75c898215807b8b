package org.distr1.mirrors.coordinator.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hashes held as bytes give back the hex and the header values they were made of. */
class FileDigestsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] sha(String algorithm, String text) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hexAndHeadersAsGiven() throws Exception {
    byte[] s256 = sha("SHA-256", "content");
    byte[] s512 = sha("SHA-512", "content");
    List<String> pieces =
        List.of(HEX.formatHex(sha("SHA-256", "one")), HEX.formatHex(sha("SHA-256", "two")));
    FileDigests d =
        new FileDigests(7, 1234, HEX.formatHex(s256), HEX.formatHex(s512), 1 << 20, pieces);

    assertThat(d.sha256()).isEqualTo(HEX.formatHex(s256));
    assertThat(d.sha512()).isEqualTo(HEX.formatHex(s512));
    assertThat(d.pieces()).isEqualTo(pieces);
    assertThat(d.pieceLength()).isEqualTo(1 << 20);
    String b256 = Base64.getEncoder().encodeToString(s256);
    String b512 = Base64.getEncoder().encodeToString(s512);
    assertThat(d.reprDigest()).isEqualTo("sha-256=:" + b256 + ":, sha-512=:" + b512 + ":");
    assertThat(d.digest()).isEqualTo("SHA-256=" + b256 + ",SHA-512=" + b512);
  }

  @Test
  void anotherNameSharesTheHashesWithItsOwnTimes() throws Exception {
    String s256 = HEX.formatHex(sha("SHA-256", "x"));
    String s512 = HEX.formatHex(sha("SHA-512", "x"));
    FileDigests first = new FileDigests(1, 10, s256, s512, 1 << 20, List.of(s256));
    FileDigests other = first.named(1, 20);

    assertThat(other.appearedAtMillis()).isEqualTo(20);
    assertThat(other.reprDigest()).isEqualTo(first.reprDigest());
    assertThat(other.describes(new OriginFile("distri/a", 1, 20, null))).isTrue();
    assertThat(first.describes(new OriginFile("distri/a", 1, 20, null))).isFalse();

    FileDigests read = new FileDigests(1, 30, s256, s512, 1 << 20, List.of(s256));
    FileDigests shared = read.sharing(first);
    assertThat(shared.appearedAtMillis()).isEqualTo(30);
    assertThat(shared.sha512()).isEqualTo(s512);
    FileDigests different = new FileDigests(1, 30, s256, s512, 1 << 21, List.of(s256));
    assertThat(different.sharing(first)).isSameAs(different);
  }

  @Test
  void refusesWhatIsNoHash() {
    String s256 = "00".repeat(32);
    assertThatThrownBy(() -> new FileDigests(1, 1, "00", "00".repeat(64), 1, List.of(s256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FileDigests(1, 1, s256, "00".repeat(64), 1, List.of("00")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
