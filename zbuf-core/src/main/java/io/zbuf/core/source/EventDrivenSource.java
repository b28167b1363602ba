package io.zbuf.core.source;

import java.io.IOException;

/**
 * A source whose packets arrive when they will, as at a network card, instead of being made when asked for. The
 * driver neither paces it nor waits on it: it takes what {@link #next} has, and when there is nothing it waits
 * for the source's interrupt, as a kernel waits for a card's, doing other work meanwhile or sleeping.
 *
 * <p>The driver's thread calls every method but the interrupt, which the source runs from a thread of its own:
 * <ol>
 *   <li>{@link #start(Runnable)} when the first reader attaches: packets are captured from then on;</li>
 *   <li>{@link #next} returns {@code true} with the next packet, in place (its fragments stay valid until the next
 *       call of {@code next} or {@link #stop()}), or {@code false} when none is there now. Unlike
 *       {@link PacketSource#next}, {@code false} is not the end: the source then arms its interrupt and runs it
 *       once when packets may be there (at times when none is, never while packets wait unseen). The source never
 *       runs out; an interface that goes away is an {@link IOException} from {@code next}, once every packet
 *       captured before was handed out;</li>
 *   <li>{@link #dropped()} counts the packets the source lost before it could hand them out (its ring was full);</li>
 *   <li>{@link #stop()} when the last reader detached: capture pauses until the next {@code start}.</li>
 * </ol>
 */
public interface EventDrivenSource extends PacketSource {
    /**
     * Starts capturing, or resumes after {@link #stop()}: packets captured before are discarded.
     *
     * @param interrupt what to run, from any thread, when packets may have arrived after {@link #next} found none
     * @throws IOException if capturing cannot start (the interface went away)
     */
    void start(Runnable interrupt) throws IOException;

    /** Pauses capturing: the source takes no packets until it is started again. */
    void stop() throws IOException;

    /** Packets lost before they could be handed out, since the source was opened: a running total. */
    long dropped();

    /**
     * Whether the packet {@link #next} handed out last can wait, without loss, for a reader that has no room for it
     * now: true while the source has room enough to queue what arrives meanwhile (a ring at most half full). The
     * driver then holds it and looks again a little later instead of letting that reader drop it; once the source
     * cannot hold any longer, the reader drops, as BPF does. False by default.
     */
    default boolean canHold() {
        return false;
    }
}
