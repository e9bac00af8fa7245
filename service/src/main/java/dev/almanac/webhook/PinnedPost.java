package dev.almanac.webhook;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 POST over a connection to an address chosen beforehand: the one {@link AddressGuard}
 * checked. Why not {@code java.net.http}: it resolves the URL's host itself when it connects, and a
 * DNS server that answers a public address to the check and a private one to that second lookup (DNS
 * rebinding) would steer the delivery inward. Here the name is resolved once; the request still
 * carries the URL's host in {@code Host}, and over TLS in SNI and in the certificate check
 * (endpoint identification), so the receiver sees no difference.
 *
 * <p>Deliberately small: the body is sent with its length, the answer's status line and headers are
 * read (for the status and a redirect's {@code Location}, never followed) and the connection is closed.
 */
final class PinnedPost {
    private static final int MAX_HEAD = 64 * 1024;

    record Answer(int status, String location) {}

    private PinnedPost() {}

    static Answer send(URI uri, InetAddress address, Map<String, String> headers, byte[] body, Duration connectTimeout,
            Duration requestTimeout) throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost(); // an IPv6 literal keeps its brackets, as Host wants it
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), (int) Math.max(1, connectTimeout.toMillis()));
            plain.setSoTimeout((int) Math.max(1, requestTimeout.toMillis()));
            Socket socket = tls ? secure(plain, bare(host), port) : plain;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head(uri, host, port, tls, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return readAnswer(socket, new BufferedInputStream(socket.getInputStream()), deadline);
            } finally {
                if (socket != plain) socket.close();
            }
        }
    }

    private static Socket secure(Socket plain, String host, int port) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS available", e);
        }
        // host given here is what the certificate is checked against; the socket is already connected
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteral(host)) parameters.setServerNames(List.of(new SNIHostName(host)));
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static String head(URI uri, String host, int port, boolean tls, Map<String, String> headers, int length) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        boolean defaultPort = port == (tls ? 443 : 80);
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    private static Answer readAnswer(Socket socket, InputStream in, long deadline) throws IOException {
        String status = line(socket, in, deadline);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + status);
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + status);
        }
        String location = null;
        int read = status.length();
        for (String header = line(socket, in, deadline); !header.isEmpty(); header = line(socket, in, deadline)) {
            read += header.length();
            if (read > MAX_HEAD) throw new IOException("the answer's headers are too long");
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("location")) {
                location = header.substring(colon + 1).trim();
            }
        }
        return new Answer(code, location);
    }

    /** A line of the answer's head; each read waits at most until the request's deadline. */
    private static String line(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new SocketTimeoutException("timed out");
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0) throw new IOException("the receiver closed the connection without answering");
                break;
            }
            if (b == '\n') break;
            if (b != '\r') line.write(b);
            if (line.size() > MAX_HEAD) throw new IOException("the answer's headers are too long");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
