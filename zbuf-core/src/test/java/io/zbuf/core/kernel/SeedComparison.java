package io.zbuf.core.kernel;

import com.sun.jna.Pointer;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * FreeBSD's {@code bpf_zerocopy.c} (the compiled seed) and zbuf's kernel side ({@link ZbufSlots},
 * {@link PageSet}, {@link SetZbufValidator}, {@link BpfDescriptor#zmax()}) driven through the same steps at
 * once, compared after every step: the slots, lengths and ASSIGNED flags, results and errnos, the leak counters,
 * and both lent buffers byte for byte. The decisions of {@code bpf.c} around the seed (lazy reclaim, rotation,
 * {@code bpf_buffull}) are taken once, here, and applied to both sides.
 *
 * <p>Each side has its own user memory with the same layout: the seed's fake user address space (a memfd) and a
 * direct buffer for zbuf, page for page. A page the seed's address space marks absent or read-only, or whose
 * wiring a step makes fail, is for zbuf a buffer that ends before it or is read-only: the EFAULT of
 * {@link SetZbufValidator}.
 *
 * <p>Three differences are allowed, each a named {@link Rule} applied where it matters and counted; any other
 * difference is a {@link Mismatch} that names the seed, the step and the steps that led there. Test-only.
 */
final class SeedComparison {
    /** Pages of each side's user memory; zbuf's has one more, never present, for addresses just past the end. */
    static final int SPACE_PAGES = 24;
    private static final int HEADER = ZbufHeader.LENGTH;

    /** The documented deviations, the only differences the comparison allows. */
    enum Rule {
        /**
         * docs/deviations.md section 1: zbuf's BIOCROTZBUF is catchpacket()'s lazy reclaim followed by FreeBSD's
         * BIOCROTZBUF, so the seed is given the reclaim first.
         */
        ROTZBUF_RECLAIMS_FIRST,
        /**
         * docs/deviations.md section 3: a failing BIOCSETZBUF of the seed has zeroed the header of each buffer whose
         * pages it wired; zbuf's touches nothing. Checked exactly, then the seed's memory is given zbuf's bytes back.
         */
        FAILED_SETZBUF_TOUCHES_NOTHING,
        /**
         * docs/deviations.md section 14: the seed reads {@code bzh_kernel_gen} back from shared memory in
         * bpf_zerocopy_canfreebuf(); zbuf compares {@code user_gen} with its own count. After the user overwrote
         * {@code kernel_gen}, the seed's answer follows the memory, zbuf's its count; the user's write is then undone.
         */
        KERNEL_GEN_NEVER_READ_BACK
    }

    /** A difference outside the rules, with its seed, step and history. */
    static final class Mismatch extends AssertionError {
        Mismatch(String message, Throwable cause) {
            super(message, cause);
        }
    }

    final SeedKernel seed;
    final int pageSize;
    private final ByteBuffer zbufMemory;
    private final Map<Rule, Integer> applied = new EnumMap<>(Rule.class);
    private final List<String> history = new ArrayList<>();
    private ByteBuffer seedMemory;
    private long base;
    private boolean[] present;
    private boolean[] writable;
    private SplittableRandom random;
    private long sequenceSeed;
    private int step;
    private Pointer descriptor;
    private ZbufSlots slots;
    private boolean attached;
    private int bufferSize;
    private long addressA;
    private long addressB;
    private long length;
    private long comparisons;

    SeedComparison(SeedKernel seed) {
        this.seed = seed;
        this.pageSize = seed.zseed_page_size();
        this.zbufMemory = ByteBuffer.allocateDirect((SPACE_PAGES + 2) * pageSize).alignedSlice(pageSize)
            .limit((SPACE_PAGES + 1) * pageSize).slice().order(ByteOrder.nativeOrder());
    }

    /** Loads the library and runs {@code args}: library, first seed, number of seeds, steps per seed. */
    public static void main(String[] args) {
        SeedComparison comparison = new SeedComparison(SeedKernel.load(Path.of(args[0])));
        long first = Long.parseLong(args[1]);
        int seeds = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        long started = System.nanoTime();
        try {
            for (long s = first; s < first + seeds; s++) {
                comparison.run(s, steps);
            }
        } catch (Mismatch e) {
            System.out.println("MISMATCH " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace(System.out);
            }
            System.out.flush();
            System.exit(1);
        }
        System.out.printf("OK page size %d: seeds %d..%d, %d steps each, %d comparisons, rules applied %s, %.1f s%n",
            comparison.pageSize, first, first + seeds - 1, steps, comparison.comparisons, comparison.applied,
            (System.nanoTime() - started) / 1e9);
    }

    /** How often each rule made a difference allowed so far. */
    Map<Rule, Integer> applied() {
        return Map.copyOf(applied);
    }

    /** One random sequence of {@code steps} steps. */
    void run(long seedValue, int steps) {
        start(seedValue);
        try {
            for (int i = 0; i < steps; i++) {
                randomStep();
            }
        } catch (RuntimeException e) {
            throw mismatch("zbuf threw " + e, e);
        }
        compareWholeMemory();
        free();
    }

    /** A fresh user memory on both sides, some pages absent or read-only, and a new descriptor. */
    void start(long seedValue) {
        start(seedValue, true);
    }

    /** {@link #start(long)}, with every page present and writable unless {@code faults}. */
    void start(long seedValue, boolean faults) {
        sequenceSeed = seedValue;
        random = new SplittableRandom(seedValue);
        history.clear();
        step = 0;
        check(seed.zseed_space_create(SPACE_PAGES) == 0, "zseed_space_create failed");
        base = Pointer.nativeValue(seed.zseed_space_base());
        seedMemory = seed.zseed_space_base().getByteBuffer(0, (long) SPACE_PAGES * pageSize).order(ByteOrder.nativeOrder());
        for (int i = 0; i < zbufMemory.capacity(); i += Long.BYTES) {
            zbufMemory.putLong(i, 0);
        }
        present = new boolean[SPACE_PAGES + 1];
        writable = new boolean[SPACE_PAGES + 1];
        for (int i = 0; i < SPACE_PAGES; i++) {
            present[i] = !faults || random.nextInt(25) != 0;
            writable[i] = !faults || random.nextInt(25) != 0;
            seed.zseed_space_set_page(i, present[i] ? 1 : 0, writable[i] ? 1 : 0);
        }
        open();
    }

    private void open() {
        descriptor = seed.zseed_open();
        check(descriptor != null, "zseed_open was refused: " + seed.zseed_refusal());
        slots = null;
        attached = false;
        bufferSize = 0;
    }

    private void randomStep() {
        step++;
        int choice = random.nextInt(100);
        if (slots == null) {
            if (choice < 80) {
                long len = randomLength();
                long a = randomAddress();
                setZbuf(a, apartFrom(a, len), len, -1, false);
            } else if (choice < 90) {
                setZbufWithInjectedFailure();
            } else if (choice < 95) {
                rotateZbuf();
            } else {
                getZmax();
            }
            return;
        }
        if (choice < 25) {
            catchPacket(false, randomRecordLength());
        } else if (choice < 50) {
            catchPacket(true, randomRecordLength());
        } else if (choice < 55) {
            appendNearPageEnd();
        } else if (choice < 70) {
            acknowledge(slots.holding() ? slots.store().other() : slots.store(), random.nextInt(10) == 0 ? 1 + random.nextInt(3) : 0);
        } else if (choice < 73) {
            acknowledge(random.nextBoolean() ? ZbufId.A : ZbufId.B, random.nextInt(3) - 1);
        } else if (choice < 76) {
            canFree();
            canWrite();
        } else if (choice < 86) {
            rotateZbuf();
        } else if (choice < 87) {
            getZmax();
        } else if (choice < 90) {
            overwriteKernelGen(random.nextBoolean());
        } else if (choice < 91) {
            attach();
        } else if (choice < 94) {
            setZbuf(random.nextBoolean() ? addressA : randomAddress(), random.nextBoolean() ? addressB : randomAddress(), randomLength(), -1, false);
        } else if (choice < 96) {
            buffersCompared();
            free();
            open();
        } else {
            catchPacket(random.nextBoolean(), bufferSize - random.nextInt(Math.min(bufferSize, 64)));
        }
        buffersCompared();
    }

    private long randomAddress() {
        int choice = random.nextInt(100);
        long page = base + (long) random.nextInt(SPACE_PAGES) * pageSize;
        if (choice < 4) {
            return 0;
        } else if (choice < 9) {
            return page + (random.nextBoolean() ? 1L << random.nextInt(Integer.numberOfTrailingZeros(pageSize)) : 1 + random.nextInt(pageSize - 1));
        } else if (choice < 12) {
            return base + (long) SPACE_PAGES * pageSize;
        }
        return page;
    }

    /**
     * A random address for buffer B whose {@code len} bytes do not overlap A's. Overlapping buffers share a
     * header; the seed then counts both buffers' generations in it, zbuf each in its own count: rule
     * {@link Rule#KERNEL_GEN_NEVER_READ_BACK} again, with no undoing, so they are left out.
     */
    private long apartFrom(long a, long len) {
        while (true) {
            long b = randomAddress();
            if (a == 0 || b == 0 || Long.compareUnsigned(len, (long) SPACE_PAGES * pageSize) > 0 || b + len <= a || a + len <= b) {
                return b;
            }
        }
    }

    private long randomLength() {
        int choice = random.nextInt(100);
        if (choice < 4) {
            return 0;
        } else if (choice < 8) {
            return (long) (1 + random.nextInt(3)) * pageSize + 1 + random.nextInt(pageSize - 1);
        } else if (choice < 11) {
            return (long) (SetZbufValidator.MAX_PAGES + 1) * pageSize;
        } else if (choice < 12) {
            return (long) SetZbufValidator.MAX_PAGES * pageSize;
        } else if (choice < 13) {
            return -pageSize;
        }
        return (long) (1 + random.nextInt(4)) * pageSize;
    }

    private int randomRecordLength() {
        return 1 + random.nextInt(Math.min(bufferSize, random.nextInt(4) == 0 ? bufferSize : 300));
    }

    /** BIOCSETZBUF with the {@code k}-th page wiring failing (an sf_buf or a page fault), on a fresh descriptor. */
    void setZbufWithInjectedFailure() {
        long lengthPages = 1 + random.nextInt(4);
        int k = random.nextInt((int) (2 * lengthPages));
        boolean sfBuf = random.nextBoolean();
        long a = base + (long) random.nextInt(SPACE_PAGES) * pageSize;
        setZbuf(a, apartFrom(a, lengthPages * pageSize), lengthPages * pageSize, k, sfBuf);
    }

    /**
     * BIOCSETZBUF on both sides; {@code failingWiring} (if not negative) is the number of the page wiring that
     * fails, counted over buffer A's pages and then B's, by {@code sf_buf_alloc} or by the page fault.
     */
    int setZbuf(long a, long b, long len, int failingWiring, boolean sfBuf) {
        record("BIOCSETZBUF a=" + relative(a) + " b=" + relative(b) + " len=" + Long.toUnsignedString(len)
            + (failingWiring < 0 ? "" : " wiring " + failingWiring + " fails in " + (sfBuf ? "sf_buf_alloc" : "the page fault")));
        int pages = (int) Math.min(Long.divideUnsigned(len, pageSize), Integer.MAX_VALUE);
        if (failingWiring >= 0) {
            if (sfBuf) {
                seed.zseed_fail_sf_buf_alloc(failingWiring);
            } else {
                seed.zseed_fail_page_fault(failingWiring);
            }
        }
        int seedErrno = seed.zseed_setzbuf(descriptor, pointer(a), pointer(b), len);
        seed.zseed_fail_sf_buf_alloc(-1);
        seed.zseed_fail_page_fault(-1);
        refused(seedErrno);
        ByteBuffer bufA = zbufBuffer(a, len, failingWiring >= 0 && failingWiring < pages ? failingWiring : -1);
        ByteBuffer bufB = zbufBuffer(b, len, failingWiring >= pages ? failingWiring - pages : -1);
        int zbufErrno = setZbufErrno(new BpfZbuf(bufA, bufB, len), slots != null || attached);
        compare("errno of BIOCSETZBUF", seedErrno, zbufErrno);
        if (zbufErrno == 0) {
            slots = new ZbufSlots(bufA, bufB, (int) len, pageSize);
            bufferSize = (int) len - HEADER;
            addressA = a;
            addressB = b;
            length = len;
        } else {
            boolean aWired = bufA != null && bufB != null && len != 0 && setZbufErrno(new BpfZbuf(bufA, bufA, len), false) == 0;
            boolean bWired = aWired && setZbufErrno(new BpfZbuf(bufB, bufB, len), false) == 0;
            failedSetZbuf(a, aWired, b, bWired);
        }
        compareState();
        return seedErrno;
    }

    private int setZbufErrno(BpfZbuf zbuf, boolean committed) {
        try {
            SetZbufValidator.validate(zbuf, pageSize, committed);
            return 0;
        } catch (BpfException e) {
            return e.errno().code();
        }
    }

    /** Rule {@link Rule#FAILED_SETZBUF_TOUCHES_NOTHING}: exactly the headers of the wired buffers were zeroed. */
    private void failedSetZbuf(long a, boolean aWired, long b, boolean bWired) {
        ByteBuffer expected = ByteBuffer.allocate(seedMemory.capacity());
        expected.put(0, zbufMemory, 0, seedMemory.capacity());
        boolean differs = zeroHeader(expected, a, aWired) | zeroHeader(expected, b, bWired);
        int at = seedMemory.mismatch(expected);
        if (at >= 0) {
            throw mismatch("after the failed BIOCSETZBUF, the seed's memory at " + relative(base + at) + " is " + seedMemory.get(at)
                + ", expected " + expected.get(at) + " (zbuf's, with the headers of the wired buffers zeroed)", null);
        }
        if (differs) {
            applied.merge(Rule.FAILED_SETZBUF_TOUCHES_NOTHING, 1, Integer::sum);
            record("  rule FAILED_SETZBUF_TOUCHES_NOTHING: the seed zeroed the header of" + (aWired ? " a" : "") + (bWired ? " b" : "")
                + "; given zbuf's bytes back");
            seedMemory.put(0, zbufMemory, 0, seedMemory.capacity());
        }
    }

    private boolean zeroHeader(ByteBuffer memory, long address, boolean wired) {
        if (!wired) {
            return false;
        }
        int offset = (int) (address - base);
        boolean differs = false;
        for (int i = 0; i < HEADER; i++) {
            differs |= memory.get(offset + i) != 0;
            memory.put(offset + i, (byte) 0);
        }
        return differs;
    }

    /**
     * zbuf's view of the user's {@code len} bytes at {@code address}: null for NULL, else a direct buffer at the same
     * place of zbuf's memory that ends at the first absent page (or at page {@code failingPage}) and is read-only if
     * a page within it is.
     */
    private ByteBuffer zbufBuffer(long address, long len, int failingPage) {
        if (address == 0) {
            return null;
        }
        int offset = (int) (address - base);
        int first = offset / pageSize;
        long wanted = Long.compareUnsigned(len, (long) SPACE_PAGES * pageSize) > 0 ? (long) SPACE_PAGES * pageSize : len;
        int end = first;
        boolean readOnly = false;
        while (end < SPACE_PAGES && present[end] && (long) (end - first) * pageSize < wanted && end - first != failingPage) {
            readOnly |= !writable[end];
            end++;
        }
        long capacity = Math.max(0, Math.min(wanted, (long) end * pageSize - offset));
        ByteBuffer buffer = zbufMemory.slice(offset, (int) capacity);
        return readOnly ? buffer.asReadOnlyBuffer() : buffer;
    }

    /** Attaches (BIOCSETIF): later BIOCSETZBUFs are refused on both sides. */
    void attach() {
        record("BIOCSETIF");
        seed.zseed_attach(descriptor);
        attached = true;
        compareState();
    }

    /** catchpacket()'s zero-copy decisions and the append of a record of {@code totlen} bytes, bytes or a chain. */
    void catchPacket(boolean chain, int totlen) {
        record("catchpacket " + totlen + " bytes" + (chain ? " (chain)" : ""));
        reclaim();
        int curlen = BpfAlignment.wordAlign(slots.storeLength());
        boolean writable = canWrite();
        if (curlen + totlen > bufferSize || !writable) {
            if (slots.holding()) {
                bufferFull();
                return;
            }
            rotate();
            curlen = 0;
        }
        if (chain) {
            appendChain(curlen, totlen);
        } else {
            appendBytes(curlen, totlen);
        }
        setStoreLength(curlen + totlen);
    }

    /** catchpacket()'s lazy reclaim. */
    boolean reclaim() {
        boolean seedReclaimed = result(seed.zseed_reclaim(descriptor)) != 0;
        boolean held = slots != null && slots.holding();
        if (slots != null) {
            slots.reclaimIfAcknowledged();
        }
        boolean zbufReclaimed = held && !slots.holding();
        compare("lazy reclaim", seedReclaimed, zbufReclaimed);
        compareState();
        return zbufReclaimed;
    }

    /** ROTATE_BUFFERS. */
    void rotate() {
        record("  ROTATE_BUFFERS");
        result(seed.zseed_rotate(descriptor));
        slots.rotate();
        compareState();
    }

    /** bpf_buffull. */
    void bufferFull() {
        record("  bpf_buffull");
        result(seed.zseed_buffull(descriptor));
        slots.bufferFull();
        compareState();
    }

    /** bpf_canwritebuf. */
    boolean canWrite() {
        boolean seedAnswer = result(seed.zseed_canwrite(descriptor)) != 0;
        compare("bpf_canwritebuf", seedAnswer, slots.canWrite());
        return seedAnswer;
    }

    /** bpf_canfreebuf. */
    boolean canFree() {
        boolean seedAnswer = result(seed.zseed_canfree(descriptor)) != 0;
        compare("bpf_canfreebuf", seedAnswer, slots != null && slots.canFree());
        return seedAnswer;
    }

    void appendBytes(int offset, int len) {
        byte[] bytes = new byte[len];
        random.nextBytes(bytes);
        record("  append_bytes at " + offset + ", " + len + " bytes");
        result(seed.zseed_append_bytes(descriptor, offset, bytes, len));
        slots.storePages().copyIn(HEADER + offset, ByteBuffer.wrap(bytes), 0, len);
        compareState();
    }

    /** An mbuf chain of 1 to 6 fragments, some empty, sometimes with more bytes than the record takes. */
    void appendChain(int offset, int len) {
        int count = 1 + random.nextInt(6);
        int total = len + (random.nextInt(4) == 0 ? 1 + random.nextInt(40) : 0);
        int[] lengths = new int[count];
        int left = total;
        for (int i = 0; i < count - 1; i++) {
            lengths[i] = random.nextInt(5) == 0 ? 0 : random.nextInt(left + 1);
            left -= lengths[i];
        }
        lengths[count - 1] = left;
        byte[] data = new byte[total];
        random.nextBytes(data);
        record("  append_mbuf at " + offset + ", " + len + " bytes of fragments " + java.util.Arrays.toString(lengths));
        result(seed.zseed_append_mbuf(descriptor, offset, data, lengths, count, len));
        Packet packet = new Packet(count);
        int at = 0;
        for (int fragment : lengths) {
            packet.append(ByteBuffer.wrap(data, at, fragment));
            at += fragment;
        }
        slots.storePages().copyIn(HEADER + offset, packet, len);
        compareState();
    }

    /** An append that starts or ends a few bytes from a page boundary, into a writable store buffer. */
    private void appendNearPageEnd() {
        record("append near a page end");
        if (!canWrite()) {
            return;
        }
        int len = 1 + random.nextInt(40);
        int boundary = pageSize * (1 + random.nextInt((int) (length / pageSize))) - HEADER;
        int offset = Math.max(0, Math.min(bufferSize - len, boundary + random.nextInt(33) - 16 - (random.nextBoolean() ? len : 0)));
        if (random.nextBoolean()) {
            appendBytes(offset, len);
        } else {
            appendChain(offset, len);
        }
    }

    void setStoreLength(int slen) {
        seed.zseed_set_slen(descriptor, slen);
        slots.storeLength(slen);
        compareState();
    }

    /** The user writes {@code user_gen = kernel_gen + delta} into buffer {@code id}'s header, on both sides. */
    void acknowledge(ZbufId id, int delta) {
        long address = id == ZbufId.A ? addressA : addressB;
        int offset = (int) (address - base);
        int seedGen = seedMemory.getInt(offset + ZbufHeader.KERNEL_GEN_OFFSET);
        int zbufGen = zbufMemory.getInt(offset + ZbufHeader.KERNEL_GEN_OFFSET);
        record("user acknowledges " + id + " with kernel_gen" + (delta == 0 ? "" : " + " + delta));
        compare("kernel_gen the user reads from " + id, seedGen, zbufGen);
        seedMemory.putInt(offset + ZbufHeader.USER_GEN_OFFSET, seedGen + delta);
        zbufMemory.putInt(offset + ZbufHeader.USER_GEN_OFFSET, zbufGen + delta);
        comparisons++;
    }

    /**
     * Rule {@link Rule#KERNEL_GEN_NEVER_READ_BACK}: the user overwrites {@code kernel_gen} of the held buffer (and,
     * if {@code andUserGen}, makes {@code user_gen} the same value); both sides answer bpf_canfreebuf, the seed from
     * memory, zbuf from its own count; then the user's writes are undone.
     */
    void overwriteKernelGen(boolean andUserGen) {
        ZbufId id = slots.holding() ? slots.store().other() : slots.store();
        int offset = (int) ((id == ZbufId.A ? addressA : addressB) - base);
        int kernelGen = zbufMemory.getInt(offset + ZbufHeader.KERNEL_GEN_OFFSET);
        int userGen = zbufMemory.getInt(offset + ZbufHeader.USER_GEN_OFFSET);
        int made = kernelGen + 1 + random.nextInt(1000);
        record("user overwrites kernel_gen of " + id + " with " + made + (andUserGen ? " and user_gen too" : ""));
        for (ByteBuffer memory : List.of(seedMemory, zbufMemory)) {
            memory.putInt(offset + ZbufHeader.KERNEL_GEN_OFFSET, made);
            if (andUserGen) {
                memory.putInt(offset + ZbufHeader.USER_GEN_OFFSET, made);
            }
        }
        boolean seedAnswer = result(seed.zseed_canfree(descriptor)) != 0;
        int seenUserGen = andUserGen ? made : userGen;
        boolean held = slots.holding();
        compare("the seed's bpf_canfreebuf after the user's write (from memory)", seedAnswer, held && made == seenUserGen);
        compare("zbuf's bpf_canfreebuf after the user's write (its own count)", slots.canFree(), held && kernelGen == seenUserGen);
        if (seedAnswer != slots.canFree()) {
            applied.merge(Rule.KERNEL_GEN_NEVER_READ_BACK, 1, Integer::sum);
            record("  rule KERNEL_GEN_NEVER_READ_BACK: seed " + seedAnswer + ", zbuf " + slots.canFree());
        }
        for (ByteBuffer memory : List.of(seedMemory, zbufMemory)) {
            memory.putInt(offset + ZbufHeader.KERNEL_GEN_OFFSET, kernelGen);
            memory.putInt(offset + ZbufHeader.USER_GEN_OFFSET, userGen);
        }
        compareState();
    }

    /** BIOCROTZBUF, with rule {@link Rule#ROTZBUF_RECLAIMS_FIRST}. */
    void rotateZbuf() {
        record("BIOCROTZBUF");
        long[] buffer = new long[1];
        long[] len = new long[1];
        boolean reclaimed = result(seed.zseed_reclaim(descriptor)) != 0;
        compare("errno of BIOCROTZBUF", result(seed.zseed_rotzbuf(descriptor, buffer, len)), 0);
        ZbufId held = slots == null ? null : slots.rotateZbuf();
        if (reclaimed && held != null) {
            applied.merge(Rule.ROTZBUF_RECLAIMS_FIRST, 1, Integer::sum);
            record("  rule ROTZBUF_RECLAIMS_FIRST: the seed was given catchpacket's reclaim first");
        }
        compare("buffer BIOCROTZBUF handed over", relative(buffer[0]), held == null ? "NULL" : relative(held == ZbufId.A ? addressA : addressB));
        compare("length BIOCROTZBUF handed over", len[0], held == null ? 0L : slots.holdLength());
        compareState();
    }

    /** BIOCGETZMAX. */
    void getZmax() {
        record("BIOCGETZMAX");
        BpfDescriptor zbufDescriptor = new BpfDescriptor(new ManualKernelClock(0), pageSize);
        try {
            zbufDescriptor.setBufferMode(BufferMode.ZBUF);
            compare("BIOCGETZMAX", seed.zseed_getzmax(descriptor), zbufDescriptor.zmax());
        } catch (BpfException e) {
            throw mismatch("zbuf's BIOCGETZMAX failed", e);
        }
    }

    /** bpf_zerocopy_free and the descriptor: nothing may stay wired, mapped or allocated. */
    void free() {
        record("bpf_zerocopy_free");
        result(seed.zseed_close(descriptor));
        slots = null;
        descriptor = null;
        check(seed.zseed_wired_pages() == 0 && seed.zseed_sf_bufs() == 0 && seed.zseed_allocations() == 0,
            "leak after bpf_zerocopy_free: " + seed.zseed_wired_pages() + " wired pages, " + seed.zseed_sf_bufs() + " sf_bufs, "
                + seed.zseed_allocations() + " M_BPF allocations");
    }

    /** Slots, lengths, ASSIGNED flags and leak counters of both sides. */
    void compareState() {
        long[] state = new long[SeedKernel.STATE_COUNT];
        check(seed.zseed_state(descriptor, state) == 0, "the descriptor's lock is still held");
        long[] expected = new long[SeedKernel.STATE_COUNT];
        int buffers = 0;
        if (slots == null) {
            expected[SeedKernel.STORE_ASSIGNED] = -1;
            expected[SeedKernel.HOLD_ASSIGNED] = -1;
            expected[SeedKernel.FREE_ASSIGNED] = -1;
        } else {
            buffers = 2;
            long store = slots.store() == ZbufId.A ? addressA : addressB;
            long other = slots.store() == ZbufId.A ? addressB : addressA;
            expected[SeedKernel.STORE_UADDR] = store;
            expected[slots.holding() ? SeedKernel.HOLD_UADDR : SeedKernel.FREE_UADDR] = other;
            expected[SeedKernel.SLEN] = slots.storeLength();
            expected[SeedKernel.HLEN] = slots.holdLength();
            expected[SeedKernel.BUFSIZE] = bufferSize;
            expected[SeedKernel.STORE_ASSIGNED] = slots.canWrite() ? 0 : 1;
            // a held buffer is always ASSIGNED (bpf_bufheld), a free one never (bpf_buf_reclaimed, or never handed off)
            expected[SeedKernel.HOLD_ASSIGNED] = slots.holding() ? 1 : -1;
            expected[SeedKernel.FREE_ASSIGNED] = slots.holding() ? -1 : 0;
        }
        comparisons++;
        if (!java.util.Arrays.equals(state, expected)) {
            throw mismatch("slots differ: seed " + describe(state) + ", zbuf " + describe(expected), null);
        }
        long pages = buffers * (length / pageSize);
        check(seed.zseed_wired_pages() == pages && seed.zseed_sf_bufs() == pages && seed.zseed_allocations() == 1 + 2L * buffers,
            "leak: " + seed.zseed_wired_pages() + " wired pages, " + seed.zseed_sf_bufs() + " sf_bufs, " + seed.zseed_allocations()
                + " M_BPF allocations; expected " + pages + ", " + pages + ", " + (1 + 2 * buffers));
    }

    private String describe(long[] state) {
        return String.format("{store %s, hold %s, free %s, slen %d, hlen %d, bufsize %d, ASSIGNED store %d hold %d free %d}",
            relative(state[0]), relative(state[1]), relative(state[2]), state[3], state[4], state[5], state[6], state[7], state[8]);
    }

    /** Both lent buffers, byte for byte. */
    void buffersCompared() {
        if (slots != null) {
            compareRange(addressA, (int) length);
            compareRange(addressB, (int) length);
        }
    }

    void compareWholeMemory() {
        compareRange(base, seedMemory.capacity());
    }

    private void compareRange(long address, int len) {
        int offset = (int) (address - base);
        int at = seedMemory.slice(offset, len).mismatch(zbufMemory.slice(offset, len));
        comparisons++;
        if (at >= 0) {
            throw mismatch("memory differs at " + relative(address + at) + ": seed " + seedMemory.get(offset + at)
                + ", zbuf " + zbufMemory.get(offset + at), null);
        }
    }

    /** The seed's memory (its fake user address space), for tests that show a rule. */
    ByteBuffer seedMemory() {
        return seedMemory;
    }

    /** zbuf's memory, laid out as the seed's. */
    ByteBuffer zbufMemory() {
        return zbufMemory;
    }

    /** The seed's descriptor. */
    Pointer descriptor() {
        return descriptor;
    }

    /** zbuf's slots, null before BIOCSETZBUF. */
    ZbufSlots slots() {
        return slots;
    }

    /** Where page {@code page} of the user memory lies in the seed's address space. */
    long address(int page) {
        return base + (long) page * pageSize;
    }

    private Pointer pointer(long address) {
        return address == 0 ? null : new Pointer(address);
    }

    private String relative(long address) {
        if (address == 0) {
            return "NULL";
        }
        long offset = address - base;
        return offset % pageSize == 0 ? "page " + offset / pageSize : "page " + offset / pageSize + "+" + offset % pageSize;
    }

    private int result(int value) {
        refused(value);
        return value;
    }

    private void refused(int value) {
        if (value == SeedKernel.REFUSED) {
            throw mismatch("the seed refused (KASSERT): " + seed.zseed_refusal(), null);
        }
    }

    private void compare(String what, Object seedValue, Object zbufValue) {
        comparisons++;
        if (!seedValue.equals(zbufValue)) {
            throw mismatch(what + ": seed " + seedValue + ", zbuf " + zbufValue, null);
        }
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw mismatch(message, null);
        }
    }

    private void record(String what) {
        history.add(step + ": " + what);
    }

    private Mismatch mismatch(String what, Throwable cause) {
        return new Mismatch("page size " + pageSize + ", seed " + sequenceSeed + ", step " + step + ": " + what
            + "\nhistory:\n  " + String.join("\n  ", history), cause);
    }
}
