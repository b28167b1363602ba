package io.zbuf.core.kernel;

import io.zbuf.core.kernel.seed.SeedBuild;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Errno;
import io.zbuf.spi.ZbufId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three differences {@link SeedComparison} allows, each shown on FreeBSD's code and on zbuf's side by side:
 * the seed's own behaviour, zbuf's, and the rule that relates them (docs/deviations.md sections 1, 3 and 14).
 */
@Tag("external-tool")
class SeedDeviationsTest {
    private static final int PAGE = 4096;
    private static final int LENGTH = 2 * PAGE;

    private SeedComparison both;
    private SeedKernel seed;
    private long a;
    private long b;

    @BeforeEach
    void lendTwoBuffersAndHandOverA() {
        both = new SeedComparison(SeedKernel.load(SeedBuild.library(PAGE)));
        seed = both.seed;
        both.start(1, false);
        a = both.address(0);
        b = both.address(4);
        assertThat(both.setZbuf(a, b, LENGTH, -1, false)).isZero();
        both.catchPacket(false, 100);
        both.rotateZbuf();
        assertThat(both.slots().store()).isEqualTo(ZbufId.B);
    }

    @AfterEach
    void free() {
        both.free();
    }

    /** docs/deviations.md section 1. */
    @Test
    void rotzbufDeliversRecordsBehindAnAcknowledgedHoldBufferOnlyInZbuf() {
        both.catchPacket(false, 60);
        both.acknowledge(ZbufId.A, 0);
        long[] buffer = new long[1];
        long[] length = new long[1];

        assertThat(seed.zseed_rotzbuf(both.descriptor(), buffer, length)).isZero();
        assertThat(buffer[0]).as("FreeBSD: nothing handed over, the records stay in B").isZero();
        assertThat(state()[SeedKernel.HOLD_UADDR]).as("FreeBSD: A, acknowledged, still held").isEqualTo(a);

        assertThat(both.slots().rotateZbuf()).as("zbuf: B handed over").isEqualTo(ZbufId.B);
        assertThat(both.slots().holdLength()).isEqualTo(60);

        assertThat(seed.zseed_reclaim(both.descriptor())).as("the rule: catchpacket's reclaim first").isEqualTo(1);
        assertThat(seed.zseed_rotzbuf(both.descriptor(), buffer, length)).isZero();
        assertThat(buffer[0]).as("then FreeBSD hands B over too").isEqualTo(b);
        assertThat(length[0]).isEqualTo(60);
    }

    /** docs/deviations.md section 3. */
    @Test
    void aRepeatedSetzbufZeroesTheLiveHeadersOnlyInFreeBsd() {
        both.acknowledge(ZbufId.A, 0);
        int headerA = (int) (a - both.address(0));

        assertThat(seed.zseed_setzbuf(both.descriptor(), new com.sun.jna.Pointer(a), new com.sun.jna.Pointer(b), LENGTH))
            .isEqualTo(Errno.EINVAL.code());
        assertThat(both.seedMemory().getInt(headerA + ZbufHeader.KERNEL_GEN_OFFSET)).as("FreeBSD: kernel_gen of live A reset").isZero();
        assertThat(both.seedMemory().getInt(headerA + ZbufHeader.USER_GEN_OFFSET)).as("FreeBSD: user_gen of live A reset").isZero();

        ByteBuffer zbufA = both.zbufMemory().slice(headerA, LENGTH);
        ByteBuffer zbufB = both.zbufMemory().slice((int) (b - both.address(0)), LENGTH);
        assertThatThrownBy(() -> SetZbufValidator.validate(new BpfZbuf(zbufA, zbufB, LENGTH), PAGE, true))
            .isInstanceOfSatisfying(BpfException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(ZbufHeader.kernelGen(zbufA)).as("zbuf: A's header untouched").isEqualTo(1);
        assertThat(ZbufHeader.userGen(zbufA)).isEqualTo(1);
    }

    /** docs/deviations.md section 14. */
    @Test
    void aKernelGenWrittenByTheUserDecidesOnlyInFreeBsd() {
        int headerA = (int) (a - both.address(0));
        for (ByteBuffer memory : new ByteBuffer[] {both.seedMemory(), both.zbufMemory()}) {
            memory.putInt(headerA + ZbufHeader.KERNEL_GEN_OFFSET, 7);
            memory.putInt(headerA + ZbufHeader.USER_GEN_OFFSET, 7);
        }

        assertThat(seed.zseed_canfree(both.descriptor())).as("FreeBSD: the user's 7 == 7 frees A").isEqualTo(1);
        assertThat(both.slots().canFree()).as("zbuf: A was handed off once; 7 is no acknowledgement").isFalse();
    }

    private long[] state() {
        long[] state = new long[SeedKernel.STATE_COUNT];
        seed.zseed_state(both.descriptor(), state);
        return state;
    }
}
