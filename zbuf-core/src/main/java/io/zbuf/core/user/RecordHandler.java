package io.zbuf.core.user;

/**
 * Receives the records of a held buffer, one at a time, in the order the kernel wrote them. To stop a walk
 * early, use a {@link ControlledRecordHandler}.
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Called once per record. The record, and any {@link BpfRecord#packet()} view taken from it, is valid only
     * until this method returns; copy what must outlive it. If it throws, the record counts as delivered and
     * the exception propagates; the next walk of the buffer starts at the record after it.
     */
    void onRecord(BpfRecord record);
}
