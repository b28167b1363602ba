package io.zbuf.afpacket;

/**
 * The shape of a {@code TPACKET_V3} receive ring: {@code blockCount} blocks of {@code blockSize} bytes, each
 * handed to the reader when full or when {@code retireTimeoutMillis} passed since its first packet.
 *
 * <p>A block holds whole packets, each behind a 68-byte header: a 64-byte frame takes about 144 bytes, a
 * 1514-byte one about 1600. The kernel drops what arrives while every block is the reader's, so the ring is what
 * absorbs a burst the reader has not caught up with. Frames are not fixed in size in {@code TPACKET_V3}; the
 * request still names a frame size and count, which must agree with the blocks ({@link #frameSize()},
 * {@link #frameCount()}: one "frame" per block).
 *
 * @param blockSize           bytes per block, a multiple of the page size
 * @param blockCount          number of blocks, at least {@value #MINIMUM_BLOCKS}
 * @param retireTimeoutMillis how long a block that is not full waits for more packets, 1 ms or more
 */
record RingGeometry(int blockSize, int blockCount, int retireTimeoutMillis) {
    /** Default block size: 256 KiB, the blocks libpcap uses. */
    static final int DEFAULT_BLOCK_SIZE = 256 * 1024;
    /** Default ring size: 4 MiB. */
    static final int DEFAULT_RING_SIZE = 4 * 1024 * 1024;
    /** Default retire timeout: a packet waits at most 10 ms in a block that is not full. */
    static final int DEFAULT_RETIRE_TIMEOUT_MILLIS = 10;
    /** The reader holds one block while the kernel fills another. */
    static final int MINIMUM_BLOCKS = 2;
    /** The largest ring: 1 GiB. */
    static final int MAXIMUM_RING_SIZE = 1 << 30;
    /** The longest retire timeout: one minute. */
    static final int MAXIMUM_RETIRE_TIMEOUT_MILLIS = 60_000;
    /** Room a block needs for its descriptor and one packet's headers. */
    static final int MINIMUM_BLOCK_SIZE = BlockDescriptor.LENGTH + FrameHeader.HDRLEN;

    /** The default ring: 16 blocks of 256 KiB, 10 ms. */
    static final RingGeometry DEFAULT = of(DEFAULT_RING_SIZE, DEFAULT_BLOCK_SIZE, DEFAULT_RETIRE_TIMEOUT_MILLIS);

    RingGeometry {
        if (blockSize < MINIMUM_BLOCK_SIZE) {
            throw new IllegalArgumentException("block=" + blockSize + " is too small: a block holds at least " + MINIMUM_BLOCK_SIZE + " bytes");
        }
        if (blockCount < MINIMUM_BLOCKS || (long) blockSize * blockCount > MAXIMUM_RING_SIZE) {
            throw new IllegalArgumentException("a ring of " + blockCount + " blocks of " + blockSize + " bytes is not " + MINIMUM_BLOCKS
                + " blocks or more of at most 1 GiB in all");
        }
        if (retireTimeoutMillis < 1 || retireTimeoutMillis > MAXIMUM_RETIRE_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeout=" + retireTimeoutMillis + " is not between 1 and " + MAXIMUM_RETIRE_TIMEOUT_MILLIS + " ms");
        }
    }

    /**
     * A ring of {@code ringSize} bytes in blocks of {@code blockSize}.
     *
     * @throws IllegalArgumentException if the ring is not a whole number of blocks, or out of range
     */
    static RingGeometry of(int ringSize, int blockSize, int retireTimeoutMillis) {
        if (blockSize <= 0 || ringSize % blockSize != 0) {
            throw new IllegalArgumentException("ring=" + ringSize + " is not a whole number of blocks of " + blockSize + " bytes");
        }
        return new RingGeometry(blockSize, ringSize / blockSize, retireTimeoutMillis);
    }

    /** Bytes of the whole ring, as mapped. */
    int ringSize() {
        return blockSize * blockCount;
    }

    /** The {@code tp_frame_size} of the request: the block, one "frame" per block. */
    int frameSize() {
        return blockSize;
    }

    /** The {@code tp_frame_nr} of the request, consistent with {@link #frameSize()}: one per block. */
    int frameCount() {
        return blockCount;
    }

    /**
     * Checks the block size against the machine's page size.
     *
     * @throws IllegalArgumentException if the block size is not a multiple of {@code pageSize}
     */
    void requirePageMultiple(long pageSize) {
        if (blockSize % pageSize != 0) {
            throw new IllegalArgumentException("block=" + blockSize + " is not a multiple of the page size, " + pageSize + " bytes");
        }
    }

    @Override
    public String toString() {
        return blockCount + " blocks of " + blockSize / 1024 + " KiB, " + retireTimeoutMillis + " ms";
    }
}
