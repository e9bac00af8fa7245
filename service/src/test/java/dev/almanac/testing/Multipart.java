package dev.almanac.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body built byte by byte, so tests can send what real clients and
 * hostile ones send: any file name (NUL bytes, right-to-left overrides, path separators) and any field.
 */
public final class Multipart {
    private final String boundary = "----almanac-test-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public static Multipart file(String fileName, byte[] content) {
        return new Multipart().withFile("file", fileName, content);
    }

    public Multipart withFile(String field, String fileName, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"");
        body.writeBytes(fileName.getBytes(StandardCharsets.UTF_8)); // raw, as a careless or hostile client sends it
        write("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    public Multipart with(String field, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(body.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return copy.toByteArray();
    }

    public Api.Response postTo(Api api, String path) {
        return api.sendBody("POST", path, HttpRequest.BodyPublishers.ofByteArray(bytes()), contentType());
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
