package org.distr1.mirrors.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamUrlTest {

  @Test
  void parsesDaemonUrls() {
    var url = UpstreamUrl.parse("rsync://Repo.Distr1.org/distri");
    assertThat(url.host()).isEqualTo("repo.distr1.org");
    assertThat(url.port()).isEqualTo(-1);
    assertThat(url).hasToString("rsync://repo.distr1.org/distri/");

    assertThat(UpstreamUrl.parse("rsync://127.0.0.1:8873/distri/sub/"))
        .hasToString("rsync://127.0.0.1:8873/distri/sub/");
    assertThat(UpstreamUrl.parse("rsync://[2001:db8::1]:873/distri/").host())
        .isEqualTo("2001:db8::1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "repo.distr1.org::distri",
        "https://repo.distr1.org/distri/",
        "rsync://repo.distr1.org",
        "rsync://repo.distr1.org/",
        "rsync://user@repo.distr1.org/distri/",
        "rsync://repo.distr1.org/distri/?x=1",
        "rsync://repo.distr1.org:0/distri/",
        "rsync://repo.distr1.org/../etc/",
        "rsync://repo.distr1.org/distri/..",
        "rsync://bad_host/distri/",
        "rsync://repo.distr1.org/dis tri/",
        "/local/path"
      })
  void rejectsAnythingElse(String url) {
    assertThatThrownBy(() -> UpstreamUrl.parse(url)).isInstanceOf(IllegalArgumentException.class);
  }
}
