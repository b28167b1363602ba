package io.zbuf.jcstress;

import io.zbuf.core.layout.ZbufHeader;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.nio.ByteBuffer;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * User to kernel, through {@link ZbufHeader}: the buffer is the user's ({@code kernel_gen} 1, {@code user_gen} 0);
 * the user reads the record, then {@link ZbufHeader#releaseUserGen}s; the kernel {@link ZbufHeader#acquireUserGen}s
 * and, only if acknowledged, overwrites the record. Result: whether the kernel saw the acknowledgement, the record
 * word the user read.
 */
@JCStressTest
@Description("the user's last read happens before its user_gen release-store; the kernel overwrites only after it")
@Outcome(id = "0, 42", expect = ACCEPTABLE, desc = "the kernel looked before the acknowledgement and left the buffer alone")
@Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "acknowledged, then overwritten: the user had read the old record")
@Outcome(id = "1, 7", expect = FORBIDDEN, desc = "the user's read saw the kernel's overwrite, which came after the acknowledgement")
@Outcome(id = "0, 7", expect = FORBIDDEN, desc = "the kernel wrote without an acknowledgement: the test is broken")
@State
public class UserGenReleasesTheRecord {
    /** What the kernel writes when it reuses the buffer. */
    static final int REUSED = 7;

    private final ByteBuffer buffer = SharedBuffer.handedOver();

    @Actor
    public void user(II_Result r) {
        r.r2 = buffer.getInt(SharedBuffer.RECORD);
        ZbufHeader.releaseUserGen(buffer, 1);
    }

    @Actor
    public void kernel(II_Result r) {
        if (ZbufHeader.acquireUserGen(buffer) == 1) {
            buffer.putInt(SharedBuffer.RECORD, REUSED);
            r.r1 = 1;
        }
    }
}
