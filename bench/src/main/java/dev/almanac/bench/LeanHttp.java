package dev.almanac.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive socket, for the load phases only.
 *
 * <p>Why not {@code java.net.http.HttpClient}: it costs about as much CPU per request as the service
 * spends answering it (its asynchronous machinery, a selector thread per client), and on a 2-core
 * machine that CPU is taken from the service being measured. This does what wrk does: write the
 * request, read status, headers and body (Content-Length or chunked), nothing else.
 */
final class LeanHttp implements AutoCloseable {
    private final String host;
    private final int port;
    private final String authorization;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    LeanHttp(String baseUrl, String apiKey) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.authorization = "Bearer " + apiKey;
    }

    /** GET and return the body; anything but 200 is an error. */
    byte[] get(String path) throws IOException {
        Response r = send("GET", path, null);
        if (r.status() != 200) throw new IOException("GET " + path + " -> " + r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    record Response(int status, byte[] body) {}

    /** Any method; a JSON body when {@code json} is not null. Returns whatever status came back. */
    Response send(String method, String path, String json) throws IOException {
        if (socket == null) connect();
        byte[] payload = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + authorization
                + "\r\nAccept: application/json\r\n"
                + (payload == null ? (method.equals("GET") ? "" : "Content-Length: 0\r\n")
                        : "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (payload != null) out.write(payload);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
            else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.equalsIgnoreCase("chunked");
            else if (name.equalsIgnoreCase("Connection")) close = value.equalsIgnoreCase("close");
        }
        byte[] body = chunked ? chunkedBody() : in.readNBytes((int) Math.max(0, length));
        if (close) close();
        return new Response(code, body);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt(semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {} // trailers
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line(); // the CRLF after each chunk
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed by the server");
            if (c != '\r') s.append((char) c);
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) socket.close();
        socket = null;
    }
}
