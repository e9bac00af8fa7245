package dev.almanac.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * A place in the outbox stream: events are ordered by (transaction id, sequence). {@code gaps} are
 * transactions below the position that were still running, for longer than the outbox's bound, when
 * a reader moved past them: their events, if they commit, are still to be read (see {@link Outbox}),
 * from just after the gap's {@code seq} (0: none read yet; a big transaction is read in batches).
 */
public record OutboxPosition(long txId, long seq, List<Gap> gaps) implements Comparable<OutboxPosition> {
    public static final OutboxPosition START = new OutboxPosition(0, 0);

    /** A transaction passed while it ran, and the last of its events read ({@code seq} 0: none). */
    public record Gap(long txId, long seq) {
        @Override
        public String toString() {
            return seq == 0 ? Long.toString(txId) : txId + "/" + seq;
        }

        static Gap parse(String text) {
            int slash = text.indexOf('/');
            return slash < 0 ? new Gap(Long.parseLong(text), 0)
                    : new Gap(Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
        }
    }

    public OutboxPosition {
        // one entry per transaction, the furthest read
        java.util.TreeMap<Long, Gap> byTx = new java.util.TreeMap<>();
        for (Gap gap : gaps) byTx.merge(gap.txId(), gap, (a, b) -> a.seq() >= b.seq() ? a : b);
        gaps = List.copyOf(byTx.values());
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

    /**
     * Compact text form, e.g. for storing in a Lucene commit: {@code "1234:56"}, with gaps {@code
     * "1234:56:1200,1210/37"} (gap 1210 read up to its event 37). Text without a gap's {@code /seq},
     * as earlier versions wrote it, reads as a gap with none read.
     */
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

    static List<Gap> parseGaps(String text) {
        List<Gap> gaps = new ArrayList<>();
        if (text == null || text.isBlank()) return gaps;
        for (String g : text.split(",")) gaps.add(Gap.parse(g.trim()));
        return gaps;
    }

    String gapsText() {
        return toString().substring((txId + ":" + seq).length()).replaceFirst("^:", "");
    }
}
