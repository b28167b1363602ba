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
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link UserGenReleasesTheRecord} with a plain store and a plain load of {@code user_gen}. The Java memory model
 * lets the user's read move after its store (load buffering), so the user could read the kernel's overwrite; x86
 * never reorders a load with a later store, so there only a compiler could show it.
 */
@JCStressTest
@Description("user_gen as a plain store and a plain load: may the kernel's overwrite reach the user's earlier read?")
@Outcome(id = "0, 42", expect = ACCEPTABLE, desc = "the kernel looked before the acknowledgement")
@Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "acknowledged, then overwritten: the user had read the old record")
@Outcome(id = "1, 7", expect = ACCEPTABLE_INTERESTING, desc = "the user's read saw the overwrite: plain accesses allow it")
@Outcome(id = "0, 7", expect = FORBIDDEN, desc = "the kernel wrote without an acknowledgement: the test is broken")
@State
public class UserGenReleasesTheRecordPlain {
    private final ByteBuffer buffer = SharedBuffer.handedOver();

    @Actor
    public void user(II_Result r) {
        r.r2 = buffer.getInt(SharedBuffer.RECORD);
        buffer.putInt(ZbufHeader.USER_GEN_OFFSET, 1);
    }

    @Actor
    public void kernel(II_Result r) {
        if (buffer.getInt(ZbufHeader.USER_GEN_OFFSET) == 1) {
            buffer.putInt(SharedBuffer.RECORD, UserGenReleasesTheRecord.REUSED);
            r.r1 = 1;
        }
    }
}
