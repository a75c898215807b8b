package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RsyncdFragmentTest {

  private static final CidrPolicy POLICY = CidrPolicy.DEFAULT.allowingNonPublic();

  static SortedSet<Cidr> networks(String... texts) {
    var set = new TreeSet<Cidr>();
    for (String text : texts) {
      set.add(Cidr.parse(text, POLICY));
    }
    return set;
  }

  @Test
  void rendersOneNetworkPerContinuationLineSortedThenDeny() {
    String text = RsyncdFragment.render(networks("2001:db8::/48", "198.51.100.7", "192.0.2.0/24"));
    assertThat(text)
        .isEqualTo(
            RsyncdFragment.HEADER
                + "hosts allow = \\\n"
                + "  192.0.2.0/24 \\\n"
                + "  198.51.100.7/32 \\\n"
                + "  2001:db8::/48\n"
                + "hosts deny = *\n");
  }

  @Test
  void emptyListRefusesEverybody() {
    assertThat(RsyncdFragment.render(new TreeSet<>()))
        .isEqualTo(
            RsyncdFragment.HEADER + "# No entries: every client is refused.\n" + "hosts deny = *\n")
        .doesNotContain("hosts allow");
  }

  @Test
  void parsesWhatItRenders() {
    for (SortedSet<Cidr> set :
        List.of(networks(), networks("127.0.0.2"), networks("192.0.2.0/24", "::1", "fe80::/64"))) {
      assertThat(RsyncdFragment.parse(RsyncdFragment.render(set), POLICY)).isEqualTo(set);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hosts allow = \\\n  192.0.2.0/24\nhosts deny = *\n", // no header
        "HEADER" + "hosts allow = \\\n  192.0.2.0/24\n", // torn: deny line missing
        "HEADER" + "hosts allow = \\\n  192.0.2.0/24 \\\n", // torn in the list
        "HEADER" + "hosts allow = \\\n  192.0.2.0/24\nhosts deny = *", // no final newline
        "HEADER" + "hosts allow = \\\n  192.0.2.0/24\nhosts deny = *\npath = /\n", // extra line
        "HEADER" + "hosts allow = \\\n  mirror.example.org\nhosts deny = *\n", // host name
        "HEADER" + "hosts allow = \\\n  192.0.2.7\nhosts deny = *\n", // not canonical
        "HEADER" + "hosts allow = \\\n  0.0.0.0/0\nhosts deny = *\n", // everybody
        "HEADER" + "hosts allow = \\\n  192.0.2.0/24 \\\n  192.0.2.0/24\nhosts deny = *\n",
        "HEADER" + "hosts allow = \\\n  198.51.100.7/32 \\\n  192.0.2.0/24\nhosts deny = *\n",
        "HEADER" + "hosts allow = *\nhosts deny = *\n",
        "HEADER" + "hosts deny = *\n", // empty without its comment
        "",
      })
  void refusesAnythingButTheCanonicalFragment(String template) {
    String text = template.replace("HEADER", RsyncdFragment.HEADER);
    assertThatThrownBy(() -> RsyncdFragment.parse(text, POLICY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appliesThePolicyToEveryNetwork() {
    String text = RsyncdFragment.render(networks("10.1.2.0/24"));
    assertThatThrownBy(() -> RsyncdFragment.parse(text, CidrPolicy.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.1.2.0/24");
  }
}
