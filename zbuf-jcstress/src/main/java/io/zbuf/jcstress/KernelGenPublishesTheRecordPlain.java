package io.zbuf.jcstress;

import io.zbuf.core.layout.ZbufHeader;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.nio.ByteBuffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * {@link KernelGenPublishesTheRecord} with a plain store and a plain load of {@code kernel_gen}: what the
 * protocol would allow without the release and the acquire. The Java memory model permits the stale outcomes;
 * x86's total store order in hardware forbids them, so there only a compiler's reordering could show one.
 */
@JCStressTest
@Description("kernel_gen as a plain store and a plain load: may a user see the new generation with stale data?")
@Outcome(id = "0, (0|8), (0|42)", expect = ACCEPTABLE, desc = "not handed over yet")
@Outcome(id = "1, 8, 42", expect = ACCEPTABLE, desc = "handed over: new length and record")
@Outcome(id = "1, 0, (0|42)", expect = ACCEPTABLE_INTERESTING, desc = "new generation, stale kernel_len: plain accesses allow it")
@Outcome(id = "1, 8, 0", expect = ACCEPTABLE_INTERESTING, desc = "new generation, stale record: plain accesses allow it")
@State
public class KernelGenPublishesTheRecordPlain {
    private final ByteBuffer buffer = SharedBuffer.allocate();

    @Actor
    public void kernel() {
        buffer.putInt(SharedBuffer.RECORD, SharedBuffer.NEW_RECORD);
        ZbufHeader.kernelLen(buffer, SharedBuffer.LENGTH);
        buffer.putInt(ZbufHeader.KERNEL_GEN_OFFSET, 1);
    }

    @Actor
    public void user(III_Result r) {
        r.r1 = buffer.getInt(ZbufHeader.KERNEL_GEN_OFFSET);
        r.r2 = ZbufHeader.kernelLen(buffer);
        r.r3 = buffer.getInt(SharedBuffer.RECORD);
    }
}
