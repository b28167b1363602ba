package io.zbuf.shm.protocol;

/** How a request went: the status field of a response frame. Requests carry {@link #OK}. */
public enum Status {
    /** Done; the payload holds the results. */
    OK,
    /** A {@code BpfException}: int errno (FreeBSD code), string message. */
    FAILED,
    /** A {@code DeviceClosedException}: string operation. */
    CLOSED,
    /** An {@code InterfaceGoneException}: string interface. */
    INTERFACE_GONE,
    /** A {@code NoSuchInterfaceException}: string interface asked for, int count, that many strings: those that exist. */
    NO_SUCH_INTERFACE;

    private static final Status[] BY_CODE = values();

    /** The status's number on the wire. */
    public int code() {
        return ordinal();
    }

    /**
     * The status with this number.
     *
     * @throws ProtocolException for a number no status has
     */
    public static Status ofCode(int code) throws ProtocolException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new ProtocolException("unknown status " + code);
        }
        return BY_CODE[code];
    }
}
