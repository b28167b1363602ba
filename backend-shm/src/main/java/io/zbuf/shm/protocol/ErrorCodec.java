package io.zbuf.shm.protocol;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.NoSuchInterfaceException;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries a refused ioctl across the process boundary: the daemon writes the {@link BpfException} its
 * descriptor threw, the user side rebuilds one of the same class, errno and message, so that a user of the
 * shared-memory backend sees exactly what a user of the simulator sees.
 */
public final class ErrorCodec {
    private ErrorCodec() {
    }

    /**
     * Writes {@code error} as the response to a request of type {@code type}.
     *
     * @param attachedInterface the interface the descriptor was attached to, named by an {@link InterfaceGoneException}
     */
    public static void encode(ControlFrame frame, MessageType type, BpfException error, String attachedInterface) {
        if (error instanceof DeviceClosedException) {
            frame.begin(type, Status.CLOSED).putString(type.operation());
        } else if (error instanceof InterfaceGoneException) {
            frame.begin(type, Status.INTERFACE_GONE).putString(attachedInterface == null ? "?" : attachedInterface);
        } else if (error instanceof NoSuchInterfaceException) {
            NoSuchInterfaceException missing = (NoSuchInterfaceException) error;
            frame.begin(type, Status.NO_SUCH_INTERFACE).putString(missing.interfaceName()).putInt(missing.existing().size());
            missing.existing().forEach(frame::putString);
        } else {
            frame.begin(type, Status.FAILED).putInt(error.errno().code()).putString(sentence(error));
        }
    }

    /**
     * The exception a response of a status other than {@link Status#OK} stands for.
     *
     * @throws ProtocolException for an errno zbuf does not know
     */
    public static BpfException decode(ControlFrame frame) throws ProtocolException {
        switch (frame.status()) {
            case CLOSED:
                return new DeviceClosedException(frame.getString());
            case INTERFACE_GONE:
                return new InterfaceGoneException(frame.getString());
            case NO_SUCH_INTERFACE:
                return noSuchInterface(frame);
            case FAILED:
                int code = frame.getInt();
                String message = frame.getString();
                try {
                    return new BpfException(Errno.ofCode(code), message);
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException("unknown errno " + code + " for: " + message);
                }
            default:
                throw new ProtocolException("a successful response carries no error");
        }
    }

    private static NoSuchInterfaceException noSuchInterface(ControlFrame frame) throws ProtocolException {
        String name = frame.getString();
        int count = frame.getInt();
        if (count < 0) {
            throw new ProtocolException("negative count of interfaces " + count);
        }
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            existing.add(frame.getString());
        }
        return new NoSuchInterfaceException(name, existing);
    }

    /** The message without the {@code " (ERRNO)"} the exception's constructor appended. */
    private static String sentence(BpfException error) {
        String message = error.getMessage();
        return message.substring(0, message.length() - (" (" + error.errno().name() + ")").length());
    }
}
