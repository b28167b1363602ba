package io.zbuf.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;

import static io.zbuf.spi.BpfErrors.assertBpfError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link BpfException} and the subclasses that fix its errno. */
class BpfExceptionTest {
    @ParameterizedTest
    @EnumSource(Errno.class)
    void carriesTheErrnoAndNamesItAfterTheMessage(Errno errno) {
        BpfException e = new BpfException(errno, "BIOCSETZBUF: buffer A is not page-aligned");
        assertBpfError(e, errno).hasMessage("BIOCSETZBUF: buffer A is not page-aligned (" + errno.name() + ")")
                .hasNoCause().isInstanceOf(IOException.class);
    }

    @Test
    void keepsTheCause() {
        Throwable cause = new IllegalStateException("underneath");
        BpfException e = new BpfException(Errno.EFAULT, "BIOCSETZBUF: cannot wire", cause);
        assertBpfError(e, Errno.EFAULT).hasMessage("BIOCSETZBUF: cannot wire (EFAULT)").cause().isSameAs(cause);
        assertThat(e.getCause()).isSameAs(cause);
    }

    @Test
    void deviceClosedIsEbadfNamingTheOperation() {
        assertBpfError(new DeviceClosedException("BIOCGSTATS"), Errno.EBADF)
                .hasMessage("BIOCGSTATS: the descriptor is closed (EBADF)").hasNoCause();
    }

    @Test
    void interfaceGoneIsEnxioNamingTheInterface() {
        assertBpfError(new InterfaceGoneException("em0"), Errno.ENXIO)
                .hasMessage("interface em0 is gone and every packet it captured was delivered (ENXIO)").hasNoCause();
    }

    @Test
    void kernelGoneIsEioWithItsCause() {
        Throwable cause = new IOException("peer closed");
        assertBpfError(new KernelGoneException("the shm kernel exited", cause), Errno.EIO)
                .hasMessage("the shm kernel exited (EIO)").cause().isSameAs(cause);
    }
}
