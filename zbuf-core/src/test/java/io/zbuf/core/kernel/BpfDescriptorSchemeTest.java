package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The descriptor and its {@link ZeroCopyScheme}: the scheme given is the one used, and closing frees its buffers once. */
class BpfDescriptorSchemeTest {
    private final DescriptorFixture fixture = new DescriptorFixture(4096, 1);

    @Test
    void theSchemeGivenTakesTheBuffersAndClosingFreesThemOnce() throws BpfException {
        ZbufSlots[] taken = new ZbufSlots[1];
        ZeroCopyScheme spied = new ZeroCopyScheme() {
            @Override
            long zmax(int pageSize) {
                return 7L * pageSize;
            }

            @Override
            ZeroCopyBuffers setZbuf(BpfZbuf zbuf, int pageSize, boolean committed) throws BpfException {
                taken[0] = spy((ZbufSlots) ZeroCopyScheme.zbuf().setZbuf(zbuf, pageSize, committed));
                return taken[0];
            }
        };
        BpfDescriptor descriptor = new BpfDescriptor(fixture.clock, 4096, spied);
        descriptor.setBufferMode(io.zbuf.spi.BufferMode.ZBUF);
        assertThat(descriptor.zmax()).isEqualTo(7L * 4096);
        descriptor.setZbuf(new BpfZbuf(fixture.a, fixture.b, fixture.length));
        descriptor.attach(LinkType.EN10MB);
        descriptor.tap(fixture.nextPacket(100));
        assertThat(taken[0].storeLength()).isPositive();

        descriptor.close();
        descriptor.close();
        verify(taken[0], times(1)).free();
    }

    @Test
    void zbufsSchemeIsTheDefault() throws BpfException {
        fixture.lend();
        assertThat(fixture.descriptor.zmax()).isEqualTo(512L * 4096);
        assertThat(ZeroCopyScheme.zbuf().zmax(16384)).isEqualTo(512L * 16384);
        assertThatThrownBy(() -> new BpfDescriptor(fixture.clock, 4096, null)).isInstanceOf(NullPointerException.class);
    }
}
