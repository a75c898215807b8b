package org.distr1.mirrors.coordinator.http;

import java.net.UnknownHostException;

/** A mirror's host resolves only to addresses the coordinator must not connect to. */
public final class NonPublicAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  NonPublicAddressException(String host, String reason) {
    super("the host " + host + " resolves only to non-public addresses (" + reason + ")");
  }
}
