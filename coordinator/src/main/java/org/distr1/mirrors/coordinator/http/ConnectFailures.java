package org.distr1.mirrors.coordinator.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ProtocolException;

/**
 * Why a request to a mirror failed, in a few words for people. These phrases end up in the public
 * mirror list and in check results, so they never carry the exception's own text (which names Java
 * classes, and for protocol errors quotes bytes the remote sent).
 */
public final class ConnectFailures {

  private ConnectFailures() {}

  public static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof NonPublicAddressException) {
      return cause.getMessage();
    }
    if (cause instanceof UnknownHostException) {
      return "the host name does not resolve";
    }
    if (cause instanceof ConnectTimeoutException) {
      return "no connection within the connect timeout";
    }
    if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
      return "no answer within the timeout";
    }
    if (cause instanceof NoRouteToHostException) {
      return "no route to the host";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof SSLException) {
      return "the TLS handshake failed";
    }
    if (cause instanceof ConnectionClosedException) {
      return "the connection closed before a complete answer";
    }
    if (cause instanceof ProtocolException) {
      return "the answer is not valid HTTP";
    }
    if (cause instanceof CancellationException) {
      return "the request was cancelled";
    }
    return "the request failed";
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
