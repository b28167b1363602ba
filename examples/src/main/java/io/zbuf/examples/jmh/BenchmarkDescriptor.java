package io.zbuf.examples.jmh;

import io.zbuf.core.kernel.BpfDescriptor;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.TimestampFormat;

import static io.zbuf.examples.jmh.BenchmarkBuffers.BUFFER_LENGTH;
import static io.zbuf.examples.jmh.BenchmarkBuffers.PAGE_SIZE;
import static io.zbuf.examples.jmh.BenchmarkBuffers.pageAligned;

/**
 * Both sides of one zero-copy descriptor in this thread: the kernel side with two lent buffers, attached to
 * Ethernet and stamping records with the real clock (MICROTIME), and the user side's consumer of the same two
 * buffers.
 */
final class BenchmarkDescriptor {
    final BpfDescriptor kernel;
    final ZbufConsumer user;

    /** Two 512 KiB buffers of 4 KiB pages. */
    BenchmarkDescriptor() throws BpfException {
        this(PAGE_SIZE, BUFFER_LENGTH);
    }

    /** Two buffers of {@code length} bytes, a whole number of pages of {@code pageSize} bytes. */
    BenchmarkDescriptor(int pageSize, int length) throws BpfException {
        kernel = new BpfDescriptor(SystemKernelClock.INSTANCE, pageSize);
        BpfZbuf zbuf = new BpfZbuf(pageAligned(length, pageSize), pageAligned(length, pageSize), length);
        kernel.setBufferMode(BufferMode.ZBUF);
        kernel.setZbuf(zbuf);
        kernel.attach(LinkType.EN10MB);
        user = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
    }

    /**
     * Taps {@code packet} until the kernel hands a full buffer over, and holds it.
     *
     * @return the held buffer, records up to where the next packet no longer fitted
     */
    HeldBuffer fill(Packet packet) {
        while (!kernel.tap(packet)) {
            // records go into the store buffer until one does not fit and rotates it
        }
        return handedOver();
    }

    /** The buffer the kernel just handed over, held. */
    HeldBuffer handedOver() {
        HeldBuffer held = user.poll();
        if (held == null) {
            throw new IllegalStateException("the kernel handed no buffer over");
        }
        return held;
    }
}
