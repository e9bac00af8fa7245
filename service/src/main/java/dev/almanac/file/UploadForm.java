package dev.almanac.file;

import dev.almanac.web.ApiException;
import dev.almanac.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a {@code multipart/form-data} upload part by part straight from the socket: the {@code file}
 * part streams into the store (never whole in memory, never through a container temp file), the small
 * fields are kept as strings. Spring's multipart resolver is off so it cannot read the body first.
 */
final class UploadForm {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("bucket", "staged", "expires_in", "tags");
    private static final int MAX_FIELD_BYTES = 16 * 1024;
    /** Room for the part headers and boundaries around the file in a declared Content-Length. */
    private static final long ENVELOPE_BYTES = 64 * 1024;

    record Parsed(FileStore.Received content, String clientName, ProjectFiles.UploadFields fields) {}

    private UploadForm() {}

    static Parsed read(HttpServletRequest request, FileStore store, long maxFileBytes) {
        if (!JakartaServletFileUpload.isMultipartContent(request)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Upload a file as multipart/form-data with a part named 'file'");
        }
        if (request.getContentLengthLong() > maxFileBytes + ENVELOPE_BYTES) {
            throw tooLarge(maxFileBytes);
        }
        FileStore.Received received = null;
        String clientName = null;
        Map<String, String> fields = new HashMap<>();
        try {
            JakartaServletFileUpload<org.apache.commons.fileupload2.core.DiskFileItem,
                    org.apache.commons.fileupload2.core.DiskFileItemFactory> upload = new JakartaServletFileUpload<>();
            upload.setHeaderCharset(StandardCharsets.UTF_8);
            FileItemInputIterator parts = upload.getItemIterator(request);
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                String field = part.getFieldName();
                if ("file".equals(field)) {
                    if (received != null) throw ApiException.invalidField("file", "only one file per upload");
                    clientName = clientName(part);
                    try (InputStream in = part.getInputStream()) {
                        received = store.receive(in, maxFileBytes);
                    }
                } else if (FIELDS.contains(field)) {
                    try (InputStream in = part.getInputStream()) {
                        byte[] value = in.readNBytes(MAX_FIELD_BYTES + 1);
                        if (value.length > MAX_FIELD_BYTES) throw ApiException.invalidField(field, "at most " + MAX_FIELD_BYTES + " bytes");
                        fields.put(field, new String(value, StandardCharsets.UTF_8));
                    }
                } else {
                    throw ApiException.invalidField(field == null ? "(unnamed part)" : field,
                            "unknown field; expected file, bucket, staged, expires_in, tags");
                }
            }
        } catch (FileStore.TooLarge e) {
            throw tooLarge(maxFileBytes);
        } catch (FileUploadException e) {
            discard(store, received);
            throw ApiException.badRequest("Malformed multipart body: " + e.getMessage());
        } catch (IOException e) {
            // the client went away mid-upload: the temp file is already deleted by the store
            discard(store, received);
            throw new ApiException(ErrorCode.BAD_REQUEST, "The upload was interrupted: " + e.getMessage());
        } catch (RuntimeException e) {
            discard(store, received);
            throw e;
        }
        if (received == null) throw ApiException.invalidField("file", "required: a part named 'file' with the content");
        return new Parsed(received, clientName, new ProjectFiles.UploadFields(fields.get("bucket"), fields.get("staged"),
                fields.get("expires_in"), fields.get("tags")));
    }

    /** The name as sent; FileUpload refuses one with a NUL byte, but it is only metadata here and gets cleaned. */
    private static String clientName(FileItemInput part) {
        try {
            return part.getName() == null ? "" : part.getName();
        } catch (java.nio.file.InvalidPathException e) {
            return e.getInput();
        }
    }

    /** {@code tags}: a JSON object of custom metadata (seed: {@code tags JSON}); absent = {}. */
    static String tagsJson(String raw) {
        if (raw == null || raw.isBlank()) return "{}";
        dev.almanac.web.JsonTextGuard.check("tags", raw);
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (RuntimeException e) {
            throw ApiException.invalidField("tags", "must be a JSON object");
        }
        if (node == null || !node.isObject()) throw ApiException.invalidField("tags", "must be a JSON object");
        return JSON.writeValueAsString(node);
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The file exceeds the upload limit of " + max + " bytes");
    }

    private static void discard(FileStore store, FileStore.Received received) {
        if (received != null) store.discard(received);
    }
}
