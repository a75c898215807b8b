package org.distr1.mirrors.coordinator.registry;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.distr1.mirrors.shared.web.ApiException;
import org.junit.jupiter.api.Test;

class EnrollmentRateLimiterTest {

  final AtomicLong now = new AtomicLong();
  final EnrollmentRateLimiter limiter =
      new EnrollmentRateLimiter(3, Duration.ofMinutes(10), 1000, now::get);

  @Test
  void aBurstThenOnePerIntervalPerAddress() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("192.0.2.1");
    }
    assertThatThrownBy(() -> limiter.acquire("192.0.2.1"))
        .isInstanceOf(ApiException.class)
        .hasMessage("Too many enrollments from 192.0.2.1; try again in 600 s.")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(429);
    assertThatCode(() -> limiter.acquire("192.0.2.2")).doesNotThrowAnyException();

    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThatThrownBy(() -> limiter.acquire("192.0.2.1"))
        .hasMessageContaining("try again in 300 s");
    now.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThatCode(() -> limiter.acquire("192.0.2.1")).doesNotThrowAnyException();
    assertThatThrownBy(() -> limiter.acquire("192.0.2.1")).isInstanceOf(ApiException.class);
  }

  @Test
  void aLongPauseRefillsOnlyUpToTheBurst() {
    now.addAndGet(Duration.ofDays(1).toNanos());
    for (int i = 0; i < 3; i++) {
      limiter.acquire("192.0.2.9");
    }
    assertThatThrownBy(() -> limiter.acquire("192.0.2.9")).isInstanceOf(ApiException.class);
  }

  @Test
  void anAllowanceCheckTakesNothingAndRefusesOnlyAnExhaustedAddress() {
    for (int i = 0; i < 10; i++) {
      limiter.requireAllowance("192.0.2.5"); // an address never seen, then one with tokens left
    }
    for (int i = 0; i < 3; i++) {
      limiter.requireAllowance("192.0.2.5");
      limiter.acquire("192.0.2.5");
    }
    assertThatThrownBy(() -> limiter.requireAllowance("192.0.2.5"))
        .isInstanceOf(ApiException.class)
        .hasMessage("Too many enrollments from 192.0.2.5; try again in 600 s.");
    now.addAndGet(Duration.ofMinutes(10).toNanos());
    assertThatCode(() -> limiter.requireAllowance("192.0.2.5")).doesNotThrowAnyException();
    assertThatCode(() -> limiter.acquire("192.0.2.5")).doesNotThrowAnyException();
    assertThatThrownBy(() -> limiter.acquire("192.0.2.5")).isInstanceOf(ApiException.class);
  }
}
