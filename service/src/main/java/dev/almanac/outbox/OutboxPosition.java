package dev.almanac.outbox;

/** A place in the outbox stream: events are ordered by (transaction id, sequence). */
public record OutboxPosition(long txId, long seq) implements Comparable<OutboxPosition> {
    public static final OutboxPosition START = new OutboxPosition(0, 0);

    @Override
    public int compareTo(OutboxPosition o) {
        int c = Long.compare(txId, o.txId);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    /** Compact text form, e.g. for storing in a Lucene commit: {@code "1234:56"}. */
    @Override
    public String toString() {
        return txId + ":" + seq;
    }

    public static OutboxPosition parse(String text) {
        int colon = text.indexOf(':');
        return new OutboxPosition(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }
}
