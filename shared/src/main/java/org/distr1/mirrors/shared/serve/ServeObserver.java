package org.distr1.mirrors.shared.serve;

/** Told about every file body the server finished sending; implementations must be cheap. */
@FunctionalInterface
public interface ServeObserver {
  ServeObserver NONE = (encoding, bytes) -> {};

  /**
   * @param encoding the representation sent
   * @param bytes body bytes sent (0 for HEAD and 304)
   */
  void served(Encoding encoding, long bytes);
}
