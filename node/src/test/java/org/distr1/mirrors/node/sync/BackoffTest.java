package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10));

  @Test
  void doublesPerFailureWithinJitterBoundsUpToTheMaximum() {
    var random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.delay(1, random))
          .isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
      assertThat(backoff.delay(3, random))
          .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
      assertThat(backoff.delay(50, random))
          .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
    }
  }

  @Test
  void jitterSpreadsRetries() {
    var random = new SplittableRandom(2);
    assertThat(backoff.delay(2, random)).isNotEqualTo(backoff.delay(2, random));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
