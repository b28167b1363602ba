package io.zbuf.jcstress;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.user.ZbufConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Kernel to user, the real code: the kernel's thread taps a packet into the store buffer and rotates it
 * (BIOCROTZBUF: {@link BpfDescriptor}); the reader's thread polls the {@link ZbufConsumer} and walks what it finds.
 * Result: records walked, then caplen, first and last byte of the last record.
 */
@JCStressTest
@Description("BpfDescriptor's hand-over publishes the record it wrote to ZbufConsumer")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "not handed over yet")
@Outcome(id = "1, 60, 90, 90", expect = ACCEPTABLE, desc = "handed over: the packet, whole")
@Outcome(expect = FORBIDDEN, desc = "handed over, but the record is not the packet")
@State
public class DescriptorHandsOverToTheConsumer {
    private final LentBuffers lent = new LentBuffers();
    private final Packet packet = LentBuffers.packet(90);

    @Actor
    public void kernel() {
        lent.descriptor.tap(packet);
        lent.rotate();
    }

    @Actor
    public void user(IIII_Result r) {
        if (lent.walkIfHandedOver()) {
            r.r1 = lent.records();
            r.r2 = lent.caplen();
            r.r3 = lent.firstByte();
            r.r4 = lent.lastByte();
        }
    }
}
