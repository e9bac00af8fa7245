package dev.almanac.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Content type from the bytes (Tika's detectors: magic bytes, container formats such as OOXML, the
 * client's name only as a hint where the bytes are generic text), then what AI generation and search
 * can read: extracted text (capped) or, for CSV/TSV/JSON-lines, a table profile.
 */
@Component
class ContentAnalyzer {
    private static final Logger log = LoggerFactory.getLogger(ContentAnalyzer.class);

    private final AutoDetectParser parser = new AutoDetectParser();
    private final FileSettings settings;
    private final TableProfiler profiler = new TableProfiler();

    ContentAnalyzer(FileSettings settings) {
        this.settings = settings;
    }

    record Analysis(String text, String tableProfileJson) {
        static final Analysis NONE = new Analysis(null, null);
    }

    String detect(Path content, String clientName) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, clientName);
        try (TikaInputStream in = TikaInputStream.get(content)) {
            return parser.getDetector().detect(in, metadata).getBaseType().toString();
        }
    }

    /** Never fails an upload: content that cannot be read is stored without text. */
    Analysis analyze(Path content, long size, String contentType, String clientName) {
        if (size > settings.extractMaxSize().toBytes()) return Analysis.NONE;
        try {
            TableProfiler.Format table = TableProfiler.formatOf(contentType, clientName);
            if (table != null) {
                String profile = profiler.profile(content, table);
                if (profile != null) return new Analysis(null, profile);
            }
            if (isPlainText(contentType)) return new Analysis(nonBlank(readText(content)), null);
            return new Analysis(nonBlank(parse(content, clientName)), null);
        } catch (IOException | RuntimeException e) {
            log.info("no text extracted from a {} file: {}", contentType, e.toString());
            return Analysis.NONE;
        }
    }

    private static boolean isPlainText(String contentType) {
        MediaType type = MediaType.parse(contentType);
        if (type == null) return false;
        String sub = type.getSubtype().toLowerCase(Locale.ROOT);
        return type.getType().equals("text") && !sub.equals("html") && !sub.contains("xml")
                || contentType.equals("application/json") || contentType.equals("application/x-ndjson");
    }

    private String readText(Path content) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        char[] buffer = new char[settings.extractMaxChars()];
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(content), decoder))) {
            int total = 0;
            int n;
            while (total < buffer.length && (n = reader.read(buffer, total, buffer.length - total)) >= 0) total += n;
            return new String(buffer, 0, total);
        }
    }

    private String parse(Path content, String clientName) throws IOException {
        BodyContentHandler handler = new BodyContentHandler(settings.extractMaxChars());
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, clientName);
        try (InputStream in = TikaInputStream.get(content)) {
            parser.parse(in, handler, metadata, new ParseContext());
        } catch (Exception e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                log.info("text extraction stopped: {}", e.toString());
            }
            // what was read up to the cap (or up to the failure) is still useful
        }
        return handler.toString();
    }

    private static String nonBlank(String text) {
        if (text == null) return null;
        String trimmed = text.strip().replace("\u0000", "");
        return trimmed.isEmpty() ? null : trimmed;
    }
}
