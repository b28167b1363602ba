package io.zbuf.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ErrnoTest {
    /** FreeBSD's {@code sys/sys/errno.h} numbers and {@code strerror(3)} texts (lower-cased), one row per constant. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            EPERM      |  1 | operation not permitted
            ENOENT     |  2 | no such file or directory
            EINTR      |  4 | interrupted system call
            EIO        |  5 | input/output error
            ENXIO      |  6 | device not configured
            EBADF      |  9 | bad file descriptor
            ENOMEM     | 12 | cannot allocate memory
            EACCES     | 13 | permission denied
            EFAULT     | 14 | bad address
            EBUSY      | 16 | device busy
            ENODEV     | 19 | operation not supported by device
            EINVAL     | 22 | invalid argument
            ENOTTY     | 25 | inappropriate ioctl for device
            EAGAIN     | 35 | resource temporarily unavailable
            EOPNOTSUPP | 45 | operation not supported
            ECONNRESET | 54 | connection reset by peer
            ETIMEDOUT  | 60 | operation timed out
            """)
    void hasFreeBsdNumbersAndTexts(Errno errno, int code, String description) {
        assertThat(errno.code()).isEqualTo(code);
        assertThat(errno.description()).isEqualTo(description);
        assertThat(Errno.ofCode(code)).isSameAs(errno);
    }

    @Test
    void everyConstantHasItsOwnCode() {
        assertThat(Arrays.stream(Errno.values()).mapToInt(Errno::code).distinct().count())
                .isEqualTo(Errno.values().length);
    }

    @ParameterizedTest
    @EnumSource(Errno.class)
    void ofCodeFindsEveryConstantByItsCode(Errno errno) {
        assertThat(Errno.ofCode(errno.code())).isSameAs(errno);
    }

    @Test
    void linuxEopnotsuppIsNotFreeBsds() {
        // Linux's EOPNOTSUPP (95) must be mapped by the backend; it is no FreeBSD code zbuf knows
        assertThat(EnumSet.allOf(Errno.class)).noneMatch(errno -> errno.code() == 95);
        assertThatIllegalArgumentException().isThrownBy(() -> Errno.ofCode(95));
    }

    /** 0 (no error), codes zbuf does not carry (ESRCH 3, E2BIG 7), past the largest (61), negatives. */
    @ParameterizedTest
    @ValueSource(ints = {0, 3, 7, 61, 62, 1000, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void ofCodeRefusesCodesItDoesNotKnow(int code) {
        assertThatIllegalArgumentException().isThrownBy(() -> Errno.ofCode(code))
                .withMessage("unknown FreeBSD errno " + code);
    }
}
