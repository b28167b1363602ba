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
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Kernel to user, through {@link ZbufHeader}: the kernel writes a record word and {@code kernel_len} plainly, then
 * {@link ZbufHeader#releaseKernelGen}; the user {@link ZbufHeader#acquireKernelGen}s, then reads {@code kernel_len}
 * and the record. Result: generation, length, record word.
 */
@JCStressTest
@Description("kernel_gen release-store publishes kernel_len and the record to an acquire-load")
@Outcome(id = "0, (0|8), (0|42)", expect = ACCEPTABLE, desc = "not handed over yet: a real user reads no further")
@Outcome(id = "1, 8, 42", expect = ACCEPTABLE, desc = "handed over: new length and record")
@Outcome(id = "1, 0, (0|42)", expect = FORBIDDEN, desc = "new generation, stale kernel_len")
@Outcome(id = "1, 8, 0", expect = FORBIDDEN, desc = "new generation, stale record")
@State
public class KernelGenPublishesTheRecord {
    private final ByteBuffer buffer = SharedBuffer.allocate();

    @Actor
    public void kernel() {
        buffer.putInt(SharedBuffer.RECORD, SharedBuffer.NEW_RECORD);
        ZbufHeader.kernelLen(buffer, SharedBuffer.LENGTH);
        ZbufHeader.releaseKernelGen(buffer, 1);
    }

    @Actor
    public void user(III_Result r) {
        r.r1 = ZbufHeader.acquireKernelGen(buffer);
        r.r2 = ZbufHeader.kernelLen(buffer);
        r.r3 = buffer.getInt(SharedBuffer.RECORD);
    }
}
