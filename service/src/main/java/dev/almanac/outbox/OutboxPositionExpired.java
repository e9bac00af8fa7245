package dev.almanac.outbox;

/**
 * A reader asked for events after a position whose successors have been pruned (see
 * {@link OutboxPruning}): it cannot be brought up to date event by event and must start over from
 * the current state.
 */
public class OutboxPositionExpired extends RuntimeException {
    private final OutboxPosition prunedUpTo;

    OutboxPositionExpired(OutboxPosition asked, OutboxPosition prunedUpTo) {
        super("outbox position " + asked + " is older than the events kept (pruned up to " + prunedUpTo + ")");
        this.prunedUpTo = prunedUpTo;
    }

    public OutboxPosition prunedUpTo() {
        return prunedUpTo;
    }
}
