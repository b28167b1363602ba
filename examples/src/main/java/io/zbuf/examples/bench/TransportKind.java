package io.zbuf.examples.bench;

import io.zbuf.spi.TimestampType;

/** The rows of {@code zbuf bench}: what is measured, by the name users select it with. */
public enum TransportKind {
    /** zbuf with the simulator: kernel thread to user thread. */
    ZBUF_SIM("zbuf-sim", "zbuf in-process (sim)") {
        @Override
        public Transport open(TimestampType zbufTimestamps) {
            return ZbufTransport.inProcess(zbufTimestamps);
        }
    },
    /** zbuf with the shm backend: kernel daemon JVM to this JVM. */
    ZBUF_SHM("zbuf-shm", "zbuf cross-process (shm)") {
        @Override
        public Transport open(TimestampType zbufTimestamps) throws Exception {
            return ZbufTransport.crossProcess(zbufTimestamps);
        }
    },
    /** Aeron IPC, publisher and subscriber threads of this JVM, embedded media driver. */
    AERON_IPC("aeron-ipc", "Aeron IPC in-process") {
        @Override
        public Transport open(TimestampType zbufTimestamps) {
            return AeronIpcTransport.inProcess();
        }
    },
    /** Aeron IPC, publisher in a child JVM. */
    AERON_IPC_2P("aeron-ipc-2p", "Aeron IPC two processes") {
        @Override
        public Transport open(TimestampType zbufTimestamps) {
            return AeronIpcTransport.crossProcess();
        }
    },
    /** Agrona's one-to-one ring buffer over a mapped file, writer in a child JVM. */
    AGRONA_RING_2P("agrona-ring-2p", "Agrona ring, two processes") {
        @Override
        public Transport open(TimestampType zbufTimestamps) {
            return new RingBufferTransport();
        }
    };

    private final String id;
    private final String title;

    TransportKind(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /**
     * Sets the transport up: threads, a media driver, a kernel daemon. zbuf's kernel stamps each record as
     * {@code zbufTimestamps} says; the other transports carry no timestamp.
     */
    public abstract Transport open(TimestampType zbufTimestamps) throws Exception;

    /** The name users select it with, e.g. {@code aeron-ipc}. */
    public String id() {
        return id;
    }

    /** What the table calls it. */
    public String title() {
        return title;
    }

    /** The Aeron row a zbuf row is compared with (same process arrangement), or {@code null}. */
    public TransportKind baseline() {
        switch (this) {
            case ZBUF_SIM:
                return AERON_IPC;
            case ZBUF_SHM:
                return AERON_IPC_2P;
            default:
                return null;
        }
    }

    /**
     * The kind named {@code id}.
     *
     * @throws IllegalArgumentException naming the known ones, if none is
     */
    public static TransportKind of(String id) {
        for (TransportKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (TransportKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.id);
        }
        throw new IllegalArgumentException("unknown transport '" + id + "'; known: " + known);
    }
}
