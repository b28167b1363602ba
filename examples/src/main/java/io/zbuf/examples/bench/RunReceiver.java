package io.zbuf.examples.bench;

import io.zbuf.core.source.SequenceChecker;

/**
 * The receiving end of one run: checks each message's sequence number and times the run from the first timed
 * poll that delivered messages to the last; the messages timed are those that arrived in between, after the
 * first such poll. A transport times every poll, or only those of its steady state. Runs of one session number
 * their messages on from where the previous run stopped, so a message of another run shows up as a sequence
 * number outside this one. Allocation-free per message. One thread.
 */
public final class RunReceiver {
    private final SequenceChecker checker = new SequenceChecker();
    private final long firstSequence;
    private final long sent;
    private long received;
    private boolean timing;
    private long firstPollNanos;
    private long lastPollNanos;
    private long receivedAtFirstPoll;
    private long receivedAtLastPoll;

    /** A run whose producer sends {@code sent} messages numbered from {@code firstSequence}. */
    public RunReceiver(long firstSequence, long sent) {
        this.firstSequence = firstSequence;
        this.sent = sent;
    }

    /** One message arrived carrying {@code sequence}, an unsigned 32-bit number, or a negative one for none. */
    public void onMessage(long sequence) {
        received++;
        checker.accept(sequence < 0 ? sequence : sequence - firstSequence);
    }

    /** Messages received so far, whatever their numbers. */
    public long received() {
        return received;
    }

    /** Whether as many messages arrived as were sent. */
    public boolean complete() {
        return received >= sent;
    }

    /** A timed poll delivered {@code messages}, already passed to {@link #onMessage}: the run's timing moves on. */
    public void polled(int messages) {
        if (messages > 0) {
            long now = System.nanoTime();
            if (!timing) {
                timing = true;
                firstPollNanos = now;
                receivedAtFirstPoll = received;
            }
            lastPollNanos = now;
            receivedAtLastPoll = received;
        }
    }

    /** The result of a lossless run, where nothing may be dropped. */
    public RunResult result() {
        return result(0, -1, -1);
    }

    /**
     * The result of the run, given the drops the transport reported and, where counted, the control messages and
     * buffers of the timed part.
     */
    public RunResult result(long dropped, long controlMessages, long buffersReceived) {
        return new RunResult(sent, checker.delivered(), dropped, receivedAtLastPoll - receivedAtFirstPoll, lastPollNanos - firstPollNanos,
                controlMessages, buffersReceived, failure(dropped));
    }

    /** The result of a run that broke off or whose counts do not add up, for the reason given. */
    public RunResult failed(String why) {
        RunResult sofar = result();
        return new RunResult(sent, sofar.delivered(), sofar.dropped(), sofar.timedMessages(), sofar.elapsedNanos(), -1, -1, why);
    }

    private String failure(long dropped) {
        if (checker.unsequenced() > 0) {
            return checker.unsequenced() + " messages carried no sequence number of this run";
        }
        if (!checker.inOrderWithoutDuplicates()) {
            return checker.duplicates() + " duplicates and " + checker.outOfOrder() + " messages out of order";
        }
        if (checker.expectedNext() > sent) {
            return "sequence number " + (checker.expectedNext() - 1) + " is beyond the " + sent + " messages sent";
        }
        if (checker.delivered() + dropped != sent) {
            return "delivered " + checker.delivered() + " + dropped " + dropped + " = " + (checker.delivered() + dropped)
                    + ", not the " + sent + " sent (" + checker.missing(sent) + " sequence numbers missing)";
        }
        return null;
    }
}
