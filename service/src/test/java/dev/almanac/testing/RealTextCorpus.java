package dev.almanac.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Real documents found on this machine: the READMEs, NEWS and Markdown files Debian packages install
 * under /usr/share/doc. Licence texts and changelogs are skipped (they repeat across packages), and
 * so is any document whose opening is the same as one already taken.
 */
public final class RealTextCorpus {
    public record Document(String title, String text) {}

    private RealTextCorpus() {}

    public static List<Document> load(int max, int maxWords) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("/usr/share/doc"))) {
            files = walk.filter(Files::isRegularFile).filter(RealTextCorpus::looksLikeProse).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /usr/share/doc", e);
        }
        List<Document> docs = new ArrayList<>();
        Set<String> openings = new HashSet<>();
        for (Path file : files) {
            if (docs.size() >= max) break;
            String text = clean(read(file));
            String[] words = text.split("\\s+");
            if (words.length < 80) continue;
            String kept = String.join(" ", java.util.Arrays.copyOf(words, Math.min(words.length, maxWords)));
            if (!openings.add(kept.substring(0, Math.min(200, kept.length())))) continue;
            String pkg = file.getParent().getFileName().toString();
            docs.add(new Document(pkg + " " + file.getFileName().toString().replace(".gz", ""), kept));
        }
        return docs;
    }

    private static boolean looksLikeProse(Path p) {
        String name = p.getFileName().toString().toLowerCase();
        if (name.contains("copyright") || name.contains("changelog") || name.contains("license")) return false;
        boolean prose = name.startsWith("readme") || name.startsWith("news") || name.endsWith(".md") || name.endsWith(".md.gz")
                || name.endsWith(".txt") || name.endsWith(".txt.gz") || name.endsWith(".markdown");
        try {
            long size = Files.size(p);
            return prose && size > 2_000 && size < 200_000;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path p) {
        try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
            return new String(in.readNBytes(400_000), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Drops markup noise (rules, tables, code fences) that no person would search for. */
    private static String clean(String raw) {
        StringBuilder out = new StringBuilder();
        for (String line : raw.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("```") || l.matches("[-=*#_~+|: ]{3,}")) continue;
            out.append(l.replaceAll("[#*`>|]+", " ")).append('\n');
        }
        return out.toString();
    }
}
