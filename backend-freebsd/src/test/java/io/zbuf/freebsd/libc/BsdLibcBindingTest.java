package io.zbuf.freebsd.libc;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real binding, called through JNA on this Linux machine where FreeBSD and Linux agree: the errno of a
 * failed call arrives as {@link LastErrorException} (ENOENT 2 and EBADF 9 are the same numbers on both), and
 * {@code poll}'s signature carries its arguments. The ioctls and mmap flags, which differ, are only exercised
 * through the fake kernel.
 */
class BsdLibcBindingTest {
    private final BsdLibc libc = BsdLibc.load();

    @Test
    void aFailedOpenThrowsItsErrno() {
        assertThatThrownBy(() -> libc.open("/nonexistent/zbuf/bpf", BsdLibc.O_RDWR))
                .isInstanceOfSatisfying(LastErrorException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2));
    }

    @Test
    void closingANonDescriptorIsEbadf() {
        assertThatThrownBy(() -> libc.close(-1))
                .isInstanceOfSatisfying(LastErrorException.class, e -> assertThat(e.getErrorCode()).isEqualTo(9));
    }

    @Test
    void pollOfAClosedDescriptorReportsPollnval() {
        PollfdStruct entry = new PollfdStruct();
        entry.fd = Integer.MAX_VALUE;
        entry.events = BsdLibc.POLLIN;
        entry.write();
        assertThat(libc.poll(entry.getPointer(), 1, 0)).isEqualTo(1);
        entry.read();
        assertThat(entry.revents).isEqualTo(BsdLibc.POLLNVAL);
    }
}
