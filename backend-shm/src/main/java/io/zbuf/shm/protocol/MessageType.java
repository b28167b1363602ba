package io.zbuf.shm.protocol;

/**
 * The requests of the control protocol, one per ioctl plus the few a descriptor needs around them. A response
 * echoes the type of its request. Payload fields follow the frame header in the order listed; see
 * {@link ControlFrame} for the encodings of {@code int}, {@code long}, {@code byte} and {@code string}.
 *
 * <pre>
 * type              request payload                       OK response payload
 * OPEN              long pid, string sharedFile           int pageSize
 * INTERFACES        -                                     int count, count x string name
 * CREATE_INTERFACE  string name, string source            -
 * GET_BUFMODE       -                                     int mode (BPF_BUFMODE_*)
 * SET_BUFMODE       int mode                              -
 * GET_ZMAX          -                                     long zmax
 * SET_ZBUF          long offsetA, long offsetB, long len  -         (offset -1: a NULL pointer)
 * SET_IF            string interface                      -
 * GET_DLT           -                                     int dlt
 * GET_BLEN          -                                     int bufferSize
 * SET_BLEN          int size                              -
 * SET_IMMEDIATE     byte on                               -
 * SET_RTIMEOUT      long nanos                            -
 * GET_TSTAMP        -                                     int bits
 * SET_TSTAMP        int bits                              -
 * SET_FILTER        int count, count x (int code, int jt, int jf, int k)   -
 * SET_PROMISC       -                                     -
 * GET_STATS         -                                     long received, long dropped
 * FLUSH             -                                     -
 * ROTATE            -                                     byte buffer (0 none, 1 A, 2 B), int length
 * POLL              long timeoutNanos                     byte readable
 * </pre>
 */
public enum MessageType {
    OPEN("open"),
    INTERFACES("interfaces"),
    CREATE_INTERFACE("create interface"),
    GET_BUFMODE("BIOCGETBUFMODE"),
    SET_BUFMODE("BIOCSETBUFMODE"),
    GET_ZMAX("BIOCGETZMAX"),
    SET_ZBUF("BIOCSETZBUF"),
    SET_IF("BIOCSETIF"),
    GET_DLT("BIOCGDLT"),
    GET_BLEN("BIOCGBLEN"),
    SET_BLEN("BIOCSBLEN"),
    SET_IMMEDIATE("BIOCIMMEDIATE"),
    SET_RTIMEOUT("BIOCSRTIMEOUT"),
    GET_TSTAMP("BIOCGTSTAMP"),
    SET_TSTAMP("BIOCSTSTAMP"),
    SET_FILTER("BIOCSETF"),
    SET_PROMISC("BIOCPROMISC"),
    GET_STATS("BIOCGSTATS"),
    FLUSH("BIOCFLUSH"),
    ROTATE("BIOCROTZBUF"),
    POLL("poll");

    private static final MessageType[] BY_CODE = values();

    private final String operation;

    MessageType(String operation) {
        this.operation = operation;
    }

    /** The operation's name as error messages start with it, for example {@code BIOCSETZBUF}. */
    public String operation() {
        return operation;
    }

    /** The type's number on the wire. */
    public int code() {
        return ordinal();
    }

    /**
     * The type with this number.
     *
     * @throws ProtocolException for a number no type has
     */
    public static MessageType ofCode(int code) throws ProtocolException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new ProtocolException("unknown message type " + code);
        }
        return BY_CODE[code];
    }
}
