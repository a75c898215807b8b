package org.distr1.mirrors.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanTest {

  @Test
  void bytesInBinaryUnits() {
    assertThat(Human.bytes(0)).isEqualTo("0 B");
    assertThat(Human.bytes(1023)).isEqualTo("1023 B");
    assertThat(Human.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Human.bytes(22_019_960)).isEqualTo("21.0 MiB");
    assertThat(Human.bytes(1_288_490_189L)).isEqualTo("1.2 GiB");
    assertThat(Human.bytes(150L << 30)).isEqualTo("150.0 GiB");
  }

  @Test
  void durationsAsPeopleSayThem() {
    assertThat(Human.duration(Duration.parse("PT10.408443562S"))).isEqualTo("10 s");
    assertThat(Human.duration(Duration.ofMillis(400))).isEqualTo("0.4 s");
    assertThat(Human.duration(Duration.ofSeconds(2))).isEqualTo("2 s");
    assertThat(Human.duration(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
    assertThat(Human.duration(Duration.ofMinutes(121))).isEqualTo("2 h 1 min");
    assertThat(Human.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
    assertThat(Human.duration(Duration.ofSeconds(-30))).isEqualTo("-30 s");
  }

  @Test
  void rates() {
    assertThat(Human.rate(45L << 20, Duration.ofSeconds(1))).isEqualTo("45.0 MiB/s");
    assertThat(Human.rate(100, Duration.ZERO)).isEqualTo("-");
  }
}
