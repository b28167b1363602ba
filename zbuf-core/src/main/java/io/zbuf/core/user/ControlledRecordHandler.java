package io.zbuf.core.user;

/**
 * Receives the records of a held buffer one at a time, like {@link RecordHandler}, and says after each whether
 * the walk goes on: Aeron's {@code ControlledFragmentHandler} for zero-copy buffers, and the way to do what
 * libpcap's {@code pcap_breakloop} does from inside a callback.
 *
 * <p>A held buffer keeps the position of its next record, so records left behind by {@link Action#BREAK} or
 * {@link Action#ABORT} are not lost: the next {@link ZbufCapture#controlledDispatch controlledDispatch},
 * {@link ZbufCapture#dispatch dispatch} or {@code poll} resumes there, and the buffer goes back to the kernel only
 * once every record was walked.
 */
@FunctionalInterface
public interface ControlledRecordHandler {
    /** What the walk does after a record. */
    enum Action {
        /** The record is consumed; go on with the next one. */
        CONTINUE,
        /** The record is consumed; stop here. The next walk starts at the record after it. */
        BREAK,
        /** The record is not consumed; stop here. The next walk delivers this record again. */
        ABORT
    }

    /**
     * Called once per record (again for a record it aborted). The record, and any view taken from it, is valid
     * only until this method returns; copy what must outlive it. If it throws, the record counts as consumed
     * and the exception propagates; the next walk starts at the record after it.
     *
     * @return what to do next; not {@code null}
     */
    Action onRecord(BpfRecord record);
}
