package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static io.zbuf.core.kernel.TestBuffers.aligned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SetZbufValidatorTest {
    private static final int PAGE = 4096;
    private static final int LENGTH = 2 * PAGE;

    private final ByteBuffer a = aligned(LENGTH, PAGE);
    private final ByteBuffer b = aligned(LENGTH, PAGE);

    private static BpfException failure(BpfZbuf zbuf, boolean committed) {
        return catchThrowableOfType(() -> SetZbufValidator.validate(zbuf, PAGE, committed), BpfException.class);
    }

    private static void assertFails(BpfZbuf zbuf, boolean committed, Errno errno, String text) {
        BpfException failure = failure(zbuf, committed);
        assertThat(failure).as("%s expected", errno).isNotNull();
        assertThat(failure.errno()).isEqualTo(errno);
        assertThat(failure.getMessage()).startsWith("BIOCSETZBUF: ").contains(text);
    }

    @Test
    void acceptsTwoAlignedWritableDirectBuffersOfWholePages() {
        assertThatCode(() -> SetZbufValidator.validate(new BpfZbuf(a, b, LENGTH), PAGE, false)).doesNotThrowAnyException();
    }

    @Test
    void acceptsBuffersLargerThanTheLength() {
        assertThatCode(() -> SetZbufValidator.validate(new BpfZbuf(a, b, PAGE), PAGE, false)).doesNotThrowAnyException();
    }

    @Test
    void acceptsExactlyTheMaximum() {
        int max = SetZbufValidator.MAX_PAGES * PAGE;
        BpfZbuf zbuf = new BpfZbuf(aligned(max, PAGE), aligned(max, PAGE), max);

        assertThatCode(() -> SetZbufValidator.validate(zbuf, PAGE, false)).doesNotThrowAnyException();
    }

    @Test
    void nullBuffersAreEinval() {
        assertFails(new BpfZbuf(null, b, LENGTH), false, Errno.EINVAL, "buffer A is null");
        assertFails(new BpfZbuf(a, null, LENGTH), false, Errno.EINVAL, "buffer B is null");
    }

    @Test
    void lengthZeroIsEinval() {
        assertFails(new BpfZbuf(a, b, 0), false, Errno.EINVAL, "length is 0");
    }

    @Test
    void unalignedBuffersAreEinval() {
        ByteBuffer unaligned = aligned(3 * PAGE, PAGE).slice(8, LENGTH);

        assertFails(new BpfZbuf(unaligned, b, LENGTH), false, Errno.EINVAL, "buffer A is not page-aligned");
        assertFails(new BpfZbuf(a, unaligned, LENGTH), false, Errno.EINVAL, "buffer B is not page-aligned");
    }

    @Test
    void partialPagesAreEinval() {
        assertFails(new BpfZbuf(a, b, PAGE + 1), false, Errno.EINVAL, "not a whole number of 4096-byte pages");
        assertFails(new BpfZbuf(a, b, PAGE - 1), false, Errno.EINVAL, "not a whole number");
    }

    @Test
    void moreThanMaxPagesIsEinvalAndSoIsAHugeUnsignedLength() {
        assertFails(new BpfZbuf(a, b, (SetZbufValidator.MAX_PAGES + 1L) * PAGE), false, Errno.EINVAL, "exceeds 512 pages (2097152 bytes");
        assertFails(new BpfZbuf(a, b, -PAGE), false, Errno.EINVAL, "exceeds 512 pages");
    }

    @Test
    void heapReadOnlyAndShortBuffersAreEfault() {
        assertFails(new BpfZbuf(ByteBuffer.allocate(LENGTH), b, LENGTH), false, Errno.EFAULT, "buffer A is on the Java heap");
        assertFails(new BpfZbuf(a, ByteBuffer.allocate(LENGTH), LENGTH), false, Errno.EFAULT, "buffer B is on the Java heap");
        assertFails(new BpfZbuf(a.asReadOnlyBuffer(), b, LENGTH), false, Errno.EFAULT, "buffer A is read-only");
        assertFails(new BpfZbuf(a, aligned(PAGE, PAGE), LENGTH), false, Errno.EFAULT, "buffer B holds 4096 bytes, fewer than the length 8192");
    }

    @Test
    void alreadyCommittedIsEinval() {
        assertFails(new BpfZbuf(a, b, LENGTH), true, Errno.EINVAL, "only once");
    }

    @Test
    void checksInFreeBsdsOrder() {
        assertFails(new BpfZbuf(null, b, 0), true, Errno.EINVAL, "null");
        assertFails(new BpfZbuf(ByteBuffer.allocate(LENGTH), b, PAGE + 1), true, Errno.EINVAL, "whole number");
        assertFails(new BpfZbuf(ByteBuffer.allocate(LENGTH), b, LENGTH), true, Errno.EFAULT, "heap");
        assertFails(new BpfZbuf(ByteBuffer.allocate(LENGTH), aligned(3 * PAGE, PAGE).slice(8, LENGTH), LENGTH), false, Errno.EFAULT, "buffer A");
    }
}
