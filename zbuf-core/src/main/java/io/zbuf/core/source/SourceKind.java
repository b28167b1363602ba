package io.zbuf.core.source;

/**
 * A kind of packet source, named by the word before the colon of a {@linkplain SourceSpec source specification}:
 * {@code synthetic}, {@code pcap}, and those other modules provide ({@code live} reads a Linux interface).
 * Kinds besides the built-in ones are found with {@link java.util.ServiceLoader} and must have a public
 * no-argument constructor.
 *
 * <p>After Netty's native transports, a kind says whether it can work here and, if not, why: a kind that needs
 * an operating system or a privilege this process lacks is still listed, with its {@link #unavailabilityCause()}.
 */
public interface SourceKind {
    /** The word users name it by, before the colon: {@code live}. */
    String name();

    /** How to write a specification of this kind, for help and error messages: {@code live:IFACE[,promisc]}. */
    String usage();

    /** One line on what its sources produce. */
    String description();

    /** Why sources of this kind cannot be opened here, or {@code null} if they can. */
    Throwable unavailabilityCause();

    /** Whether sources of this kind can be opened here. */
    default boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /**
     * Reads the settings of a specification: what follows {@code name:} (empty when there is no colon). Settings
     * are checked here, so that a mistake is reported before anything is opened.
     *
     * @throws IllegalArgumentException with one sentence naming the mistake (the caller adds which specification)
     */
    SourceFactory define(String settings);
}
