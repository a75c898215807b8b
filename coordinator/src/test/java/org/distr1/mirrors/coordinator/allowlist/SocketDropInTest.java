package org.distr1.mirrors.coordinator.allowlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.distr1.mirrors.coordinator.allowlist.RsyncdFragmentTest.networks;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.distr1.mirrors.shared.net.Cidr;
import org.distr1.mirrors.shared.net.CidrPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocketDropInTest {

  private static final CidrPolicy POLICY = CidrPolicy.DEFAULT.allowingNonPublic();

  @Test
  void resetsTheUnitsListFirstThenDeniesAllThenOneAllowPerNetwork() {
    assertThat(SocketDropIn.render(networks("2001:db8::/48", "198.51.100.7", "192.0.2.0/24")))
        .isEqualTo(
            SocketDropIn.HEADER
                + "[Socket]\n"
                + "IPAddressAllow=\n"
                + "IPAddressDeny=any\n"
                + "IPAddressAllow=192.0.2.0/24\n"
                + "IPAddressAllow=198.51.100.7/32\n"
                + "IPAddressAllow=2001:db8::/48\n");
  }

  @Test
  void noEntriesAdmitNobody() {
    assertThat(SocketDropIn.render(new TreeSet<>()))
        .isEqualTo(
            SocketDropIn.HEADER
                + "[Socket]\nIPAddressAllow=\nIPAddressDeny=any\n"
                + "# No entries: every client is refused.\n");
  }

  @Test
  void parsesWhatItRenders() {
    for (SortedSet<Cidr> set :
        List.of(networks(), networks("127.0.0.2"), networks("192.0.2.0/24", "::1", "fe80::/64"))) {
      assertThat(SocketDropIn.parse(SocketDropIn.render(set), POLICY)).isEqualTo(set);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=192.0.2.0/24\n", // no header
        "HEADER[Socket]\nIPAddressDeny=any\nIPAddressAllow=192.0.2.0/24\n", // no reset
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressAllow=192.0.2.0/24\n", // no deny
        "HEADER[Socket]\nIPAddressDeny=any\nIPAddressAllow=\nIPAddressAllow=192.0.2.0/24\n",
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=192.0.2.0/24", // torn
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=any\n",
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=0.0.0.0/0\n",
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=rsync.example.org\n",
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=192.0.2.7\n",
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=192.0.2.0/24\n"
            + "ExecStartPre=/bin/true\n", // another setting
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\nIPAddressAllow=192.0.2.0/24\n"
            + "[Service]\n",
        "HEADER[Socket]\nIPAddressAllow=\nIPAddressDeny=any\n", // empty without its comment
        "",
      })
  void refusesAnythingButTheCanonicalDropIn(String template) {
    String text = template.replace("HEADER", SocketDropIn.HEADER);
    assertThatThrownBy(() -> SocketDropIn.parse(text, POLICY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appliesThePolicyToEveryNetwork() {
    String text = SocketDropIn.render(networks("10.1.2.0/24"));
    assertThatThrownBy(() -> SocketDropIn.parse(text, CidrPolicy.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.1.2.0/24");
  }
}
