package io.edgeflow.agent.outbox;

/**
 * One class's lane of the outbox: what it holds now and what happened to every frame it was given
 * (counters survive restarts). {@code droppedFull} includes frames dropped on arrival, which were
 * never appended: {@code appended + dropped on arrival = delivered + droppedFull + expired +
 * frames}.
 */
public record OutboxStats(
        MessageClass messageClass,
        long frames,
        long bytes,
        long appended,
        long delivered,
        long droppedFull,
        long expired,
        long duplicates) {}
