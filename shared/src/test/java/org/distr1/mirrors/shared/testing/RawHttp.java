package org.distr1.mirrors.shared.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 as bytes on a loopback socket, for what a client library hides: a body sent only in
 * part, and whether the server closes the connection after its answer.
 */
public final class RawHttp {

  private RawHttp() {}

  /** The answer's head, and whether the server closed the connection after the answer. */
  public record Exchange(String head, boolean closed) {}

  /**
   * Sends {@code request} (possibly the start of a body only), reads the answer's head, then reads
   * on until the server closes the connection or 10 s pass.
   */
  public static Exchange exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String head = readUntil(in, "\r\n\r\n");
      boolean closed;
      try {
        byte[] rest = new byte[8192];
        while (in.read(rest) >= 0) {
          // the answer's body, until the server closes
        }
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true; // reset: closed with the body's rest unread
      }
      return new Exchange(head, closed);
    }
  }

  /** Everything read up to and including {@code marker} (or the end of the stream). */
  public static String readUntil(InputStream in, String marker) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      seen.write(b);
      if (seen.toString(StandardCharsets.ISO_8859_1).endsWith(marker)) {
        break;
      }
    }
    return seen.toString(StandardCharsets.ISO_8859_1);
  }
}
