package dev.almanac.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between the service and its database, to cut the database away and bring it
 * back: {@link #cut()} drops every open connection and refuses new ones, {@link #restore()} listens
 * again on the same port. The service sees what it would see in a real network or database outage.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean blackHole;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = bind(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    public synchronized void cut() {
        closeQuietly(server);
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    /**
     * The other kind of outage: connections stay open and new ones are accepted, but nothing is
     * forwarded any more in either direction (a dead host behind a live network, a hung server).
     */
    public synchronized void blackHole() {
        blackHole = true;
    }

    public synchronized void restore() {
        if (blackHole) {
            blackHole = false;
            for (Socket s : open) closeQuietly(s); // what was swallowed cannot be replayed: drop them
            open.clear();
        }
        if (!server.isClosed()) return;
        server = bind(port);
        accept(server);
    }

    @Override
    public void close() {
        cut();
    }

    private static ServerSocket bind(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket listening) {
        Thread.ofPlatform().daemon().name("tcp-proxy-" + port).start(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    if (blackHole) {
                        open.add(client); // accepted, never answered
                        continue;
                    }
                    Socket upstream = new Socket(targetHost, targetPort);
                    synchronized (this) {
                        if (listening.isClosed() || blackHole) { // cut while this one was being connected
                            closeQuietly(client);
                            closeQuietly(upstream);
                            continue;
                        }
                        open.add(client);
                        open.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    }
                } catch (IOException e) {
                    // closed by cut(), or the target refused: the client sees its connection drop
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (blackHole) continue;
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
