package io.zbuf.jcstress;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.user.HeldBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * User to kernel, the real code. Set-up: buffer A, holding a packet of 0x11 bytes, is handed over and held by the
 * consumer; the store buffer B holds a packet of 0x22 bytes, so the next packet needs A. The reader walks A and
 * {@link HeldBuffer#acknowledge()}s it; the kernel's thread taps a packet of 0x33 bytes, which
 * {@link BpfDescriptor} writes into A if its lazy reclaim saw the acknowledgement, and drops otherwise. Result:
 * whether the kernel reused A, then caplen, first and last byte of the record the reader walked.
 */
@JCStressTest
@Description("the kernel reuses a buffer only after the consumer's last read of it")
@Outcome(id = "0, 60, 17, 17", expect = ACCEPTABLE, desc = "no acknowledgement seen: the packet was dropped, A untouched")
@Outcome(id = "1, 60, 17, 17", expect = ACCEPTABLE, desc = "acknowledged, then A reused: the reader had read the old packet")
@Outcome(expect = FORBIDDEN, desc = "the reader saw bytes the kernel wrote after the acknowledgement")
@State
public class ConsumerAcknowledgesToTheDescriptor {
    private final LentBuffers lent = new LentBuffers();
    private final Packet later = LentBuffers.packet(0x33);

    public ConsumerAcknowledgesToTheDescriptor() {
        lent.descriptor.tap(LentBuffers.packet(0x11));
        lent.rotate();
        lent.descriptor.tap(LentBuffers.packet(0x22));
        if (lent.consumer.poll() == null) {
            throw new IllegalStateException("buffer A was not handed over");
        }
    }

    @Actor
    public void user(IIII_Result r) {
        lent.walkIfHandedOver();
        lent.acknowledge();
        r.r2 = lent.caplen();
        r.r3 = lent.firstByte();
        r.r4 = lent.lastByte();
    }

    @Actor
    public void kernel(IIII_Result r) {
        lent.descriptor.tap(later);
        r.r1 = lent.dropped() == 0 ? 1 : 0;
    }
}
