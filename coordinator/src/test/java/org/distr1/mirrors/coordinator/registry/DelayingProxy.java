package org.distr1.mirrors.coordinator.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that holds every byte from the client for {@code delay} before passing it on
 * (a slow path or a queue on the way in) and passes the answers back at once: what a node's report
 * meets when it spends time in transit.
 */
final class DelayingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final Duration delay;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "delayed-send"));
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  DelayingProxy(int targetPort, Duration delay) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = targetPort;
    this.delay = delay;
    daemon(this::accept, "proxy-accept").start();
  }

  int port() {
    return listener.getLocalPort();
  }

  private static Thread daemon(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        daemon(() -> pump(client, server, true), "proxy-in").start();
        daemon(() -> pump(server, client, false), "proxy-out").start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Copies until end of stream; inbound chunks are sent in order, each {@code delay} late. */
  private void pump(Socket from, Socket to, boolean delayed) {
    byte[] buffer = new byte[16_384];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) > 0; ) {
        byte[] chunk = Arrays.copyOf(buffer, n);
        if (delayed) {
          sender.schedule(() -> write(out, chunk, to), delay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
          out.write(chunk);
        }
      }
      if (delayed) {
        sender.schedule(() -> closeQuietly(to), delay.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        to.close();
      }
    } catch (IOException e) {
      closeQuietly(to);
    }
  }

  private static void write(OutputStream out, byte[] chunk, Socket to) {
    try {
      out.write(chunk);
    } catch (IOException e) {
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(DelayingProxy::closeQuietly);
    sender.shutdownNow();
  }
}
