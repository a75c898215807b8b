package org.distr1.mirrors.node.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoordinateArgumentsTest {
  @Test
  void negativeCoordinatesBecomeOneArgument() {
    assertThat(
            CoordinateArguments.joined(
                "enroll", "--latitude", "-33.45", "--longitude", "-70.66", "--name", "x"))
        .containsExactly("enroll", "--latitude=-33.45", "--longitude=-70.66", "--name", "x");
  }

  @Test
  void everythingElseIsLeftAlone() {
    assertThat(
            CoordinateArguments.joined(
                "enroll", "--latitude", "50.1", "--longitude", "--name", "-3", "--latitude"))
        .containsExactly(
            "enroll", "--latitude", "50.1", "--longitude", "--name", "-3", "--latitude");
  }
}
