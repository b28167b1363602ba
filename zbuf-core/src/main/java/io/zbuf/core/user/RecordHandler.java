package io.zbuf.core.user;

/** Receives the records of a held buffer, one at a time, in the order the kernel wrote them. */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Called once per record. The record, and any {@link BpfRecord#packet()} view taken from it, is valid only
     * until this method returns; copy what must outlive it.
     */
    void onRecord(BpfRecord record);
}
