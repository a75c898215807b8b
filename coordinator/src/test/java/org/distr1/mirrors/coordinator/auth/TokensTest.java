package org.distr1.mirrors.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void secretsAre256RandomBitsAndOnlyTheirHashMatches() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      assertThat(seen.add(Tokens.newSecret())).isTrue();
    }
    String secret = Tokens.newSecret();
    assertThat(secret).hasSize(43); // 32 bytes, base64url without padding
    String hash = Tokens.hash(secret);
    assertThat(hash).hasSize(64).doesNotContain(secret);
    assertThat(Tokens.matches(secret, hash)).isTrue();
    assertThat(Tokens.matches(secret + "x", hash)).isFalse();
    assertThat(Tokens.matches(secret, null)).isFalse();
    assertThat(Tokens.matches(secret, "abc")).isFalse();
  }

  @Test
  void tokensCarryAudienceAndOwner() {
    String token = Tokens.token(Tokens.OPERATOR_PREFIX, 42, "s3cret");
    assertThat(token).isEqualTo("dmo_42.s3cret");
    assertThat(Tokens.parse(Tokens.OPERATOR_PREFIX, token))
        .contains(new Tokens.Presented(42, "s3cret"));
    assertThat(Tokens.parse(Tokens.MAINTAINER_PREFIX, token)).isEmpty();
  }

  @Test
  void malformedTokensParseToNothing() {
    for (String bad :
        new String[] {
          "",
          "dmo_",
          "dmo_.x",
          "dmo_42.",
          "dmo_42",
          "dmo_-1.x",
          "dmo_0.x",
          "dmo_x.y",
          "dmo_99999999999999999999.x",
          "Bearer dmo_1.x"
        }) {
      assertThat(Tokens.parse(Tokens.OPERATOR_PREFIX, bad)).as(bad).isEmpty();
    }
    assertThat(Tokens.parse(Tokens.OPERATOR_PREFIX, null)).isEmpty();
  }
}
