package dev.almanac.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * A place in the outbox stream: events are ordered by (transaction id, sequence). {@code gaps} are
 * transactions below the position that were still running, for longer than the outbox's bound, when
 * a reader moved past them: their events, if they commit, are still to be read (see {@link Outbox}).
 */
public record OutboxPosition(long txId, long seq, List<Long> gaps) implements Comparable<OutboxPosition> {
    public static final OutboxPosition START = new OutboxPosition(0, 0);

    public OutboxPosition {
        gaps = gaps.stream().sorted().distinct().toList();
    }

    public OutboxPosition(long txId, long seq) {
        this(txId, seq, List.of());
    }

    /** Orders by (transaction, sequence); gaps do not take part. */
    @Override
    public int compareTo(OutboxPosition o) {
        int c = Long.compare(txId, o.txId);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    /** Compact text form, e.g. for storing in a Lucene commit: {@code "1234:56"}, with gaps {@code "1234:56:1200,1210"}. */
    @Override
    public String toString() {
        String at = txId + ":" + seq;
        if (gaps.isEmpty()) return at;
        StringBuilder text = new StringBuilder(at).append(':');
        for (int i = 0; i < gaps.size(); i++) text.append(i == 0 ? "" : ",").append(gaps.get(i));
        return text.toString();
    }

    public static OutboxPosition parse(String text) {
        String[] parts = text.split(":", 3);
        return new OutboxPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                parts.length < 3 ? List.of() : parseGaps(parts[2]));
    }

    static List<Long> parseGaps(String text) {
        List<Long> gaps = new ArrayList<>();
        if (text == null || text.isBlank()) return gaps;
        for (String g : text.split(",")) gaps.add(Long.parseLong(g.trim()));
        return gaps;
    }

    String gapsText() {
        return toString().substring((txId + ":" + seq).length()).replaceFirst("^:", "");
    }
}
