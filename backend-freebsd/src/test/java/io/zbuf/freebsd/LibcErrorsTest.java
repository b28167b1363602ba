package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LibcErrorsTest {
    @Test
    void knownCallAndErrnoGetTheirExplanation() {
        LastErrorException failure = new LastErrorException(22);
        BpfException e = LibcErrors.of("BIOCSETBUFMODE", null, failure);
        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
        assertThat(e).hasMessage("BIOCSETBUFMODE: the kernel refuses zero-copy buffers: run `sysctl net.bpf.zerocopy_enable=1`"
                + " as root (add net.bpf.zerocopy_enable=1 to /etc/sysctl.conf to keep it) (EINVAL)");
        assertThat(e.getCause()).isSameAs(failure);
    }

    @Test
    void otherErrnosSayWhatStrerrorSaysAndNameTheSubject() {
        BpfException e = LibcErrors.of("BIOCSETIF", "em0", new LastErrorException(16));
        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e).hasMessage("BIOCSETIF em0: device busy (EBUSY)");
    }

    @Test
    void theSameErrnoExplainsDifferentlyPerCall() {
        assertThat(LibcErrors.of("BIOCSETIF", "em0", 22, null)).hasMessageContaining("BIOCSETZBUF");
        assertThat(LibcErrors.of("BIOCSETZBUF", null, 6, null)).hasMessage("BIOCSETZBUF: device not configured (ENXIO)");
    }

    @Test
    void anErrnoZbufDoesNotKnowBecomesEio() {
        BpfException e = LibcErrors.of("poll", null, 93, null);
        assertThat(e.errno()).isEqualTo(Errno.EIO);
        assertThat(e).hasMessage("poll: failed with errno 93, which zbuf does not know (EIO)");
    }
}
