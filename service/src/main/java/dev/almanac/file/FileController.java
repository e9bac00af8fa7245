package dev.almanac.file;

import dev.almanac.audit.Audited;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/projects/{projectId}/files")
class FileController {
    private final ProjectFiles files;
    private final FileStore store;
    private final PageLimit pageLimit;

    FileController(ProjectFiles files, FileStore store, PageLimit pageLimit) {
        this.files = files;
        this.store = store;
        this.pageLimit = pageLimit;
    }

    @PostMapping
    @Audited(operation = "upload_file", resourceType = "file")
    ResponseEntity<StoredFile> upload(Caller caller, @PathVariable String projectId, HttpServletRequest request) {
        files.checkUploadable(caller, projectId);
        UploadForm.Parsed form = UploadForm.read(request, store, files.maxUploadBytes());
        StoredFile file = files.register(caller, projectId, form.content(), form.clientName(), form.fields());
        return ResponseEntity.created(URI.create("/api/projects/" + projectId + "/files/" + file.id()))
                .eTag(etag(file))
                .body(file);
    }

    @GetMapping
    Page<StoredFile> list(Caller caller, @PathVariable String projectId, @RequestParam(required = false) String bucket,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return files.list(caller, projectId, bucket, pageLimit.resolve(limit), cursor);
    }

    @GetMapping("/{fileId}")
    ResponseEntity<StoredFile> get(Caller caller, @PathVariable String projectId, @PathVariable String fileId) {
        StoredFile file = files.get(caller, projectId, fileId);
        return ResponseEntity.ok().eTag(etag(file)).body(file);
    }

    /**
     * The content as stored. Served as an attachment with the detected type, {@code nosniff} and a
     * sandbox CSP, so that an uploaded HTML or SVG file can never run as a page of this origin.
     */
    @GetMapping("/{fileId}/content")
    ResponseEntity<Resource> content(Caller caller, @PathVariable String projectId, @PathVariable String fileId) {
        ProjectFiles.Content content = files.content(caller, projectId, fileId);
        StoredFile file = content.file();
        MediaType type;
        try {
            type = MediaType.parseMediaType(file.contentType());
        } catch (RuntimeException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(file.sizeBytes())
                .eTag(etag(file))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("X-Checksum-SHA256", file.checksumSha256())
                .header("X-Checksum-MD5", file.checksumMd5())
                .body(new FileSystemResource(content.path()));
    }

    @GetMapping(value = "/{fileId}/text", produces = "text/plain;charset=UTF-8")
    ResponseEntity<String> text(Caller caller, @PathVariable String projectId, @PathVariable String fileId) {
        String text = files.text(caller, projectId, fileId);
        return text == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(text);
    }

    @PostMapping("/{fileId}/promote")
    @Audited(operation = "promote_file", resourceType = "file", resourceIdVariable = "fileId")
    StoredFile promote(Caller caller, @PathVariable String projectId, @PathVariable String fileId) {
        return files.promote(caller, projectId, fileId);
    }

    @DeleteMapping("/{fileId}")
    @Audited(operation = "delete_file", resourceType = "file", resourceIdVariable = "fileId")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String projectId, @PathVariable String fileId) {
        files.delete(caller, projectId, fileId);
        return ResponseEntity.noContent().build();
    }

    /** The content's SHA-256: equal ETags mean equal bytes, across instances and restores. */
    private static String etag(StoredFile file) {
        return "\"" + file.checksumSha256() + "\"";
    }
}
