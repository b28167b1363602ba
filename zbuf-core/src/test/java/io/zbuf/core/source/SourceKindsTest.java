package io.zbuf.core.source;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kinds a specification can name: the built-in ones, then those another module installs. */
class SourceKindsTest {
    /** A kind as another module would install it. */
    private static final class Echo implements SourceKind {
        private final String name;
        private final Throwable cause;

        Echo(String name, Throwable cause) {
            this.name = name;
            this.cause = cause;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String usage() {
            return name + ":WORD";
        }

        @Override
        public String description() {
            return "echoes";
        }

        @Override
        public Throwable unavailabilityCause() {
            return cause;
        }

        @Override
        public SourceFactory define(String settings) {
            if (settings.isEmpty()) {
                throw new IllegalArgumentException("the word is missing");
            }
            return new SourceFactory() {
                @Override
                public PacketSource open() throws IOException {
                    throw new IOException("echo " + settings);
                }

                @Override
                public String describe() {
                    return "an echo of " + settings;
                }
            };
        }
    }

    @Test
    void theBuiltInKindsComeFirstAndAreAlwaysAvailable() {
        SourceKinds kinds = new SourceKinds(List.of(new Echo("echo", null)));
        assertThat(kinds.all()).extracting(SourceKind::name).containsExactly("synthetic", "pcap", "echo");
        assertThat(kinds.all().subList(0, 2)).allSatisfy(kind -> {
            assertThat(kind.isAvailable()).isTrue();
            assertThat(kind.unavailabilityCause()).isNull();
            assertThat(kind.description()).isNotBlank();
        });
        assertThat(kinds.all().get(0).usage()).isEqualTo("synthetic[:key=value,...]");
        assertThat(kinds.all().get(1).usage()).isEqualTo("pcap:FILE");
    }

    @Test
    void anInstalledKindIsParsedByItsNameWithTheSpecificationInItsMistakes() {
        SourceKinds kinds = new SourceKinds(List.of(new Echo("echo", null)));
        SourceSpec spec = SourceSpec.parse(" echo:hello ", kinds);
        assertThat(spec).hasToString("echo:hello");
        assertThat(spec.describe()).isEqualTo("an echo of hello");
        assertThat(spec.kind().name()).isEqualTo("echo");
        assertThatThrownBy(spec::open).hasMessage("echo hello");
        assertThatThrownBy(() -> SourceSpec.parse("echo", kinds)).hasMessage("source 'echo': the word is missing");
        assertThatThrownBy(() -> SourceSpec.parse("echoes:x", kinds)).hasMessage("source 'echoes:x' is neither 'synthetic[:key=value,...]'"
                + " nor 'pcap:FILE' nor 'echo:WORD' nor a file ending in .pcap, .pcapng or .cap");
    }

    @Test
    void anUnavailableKindIsListedWithItsCause() {
        IllegalStateException cause = new IllegalStateException("needs Linux");
        SourceKind kind = new SourceKinds(List.of(new Echo("echo", cause))).all().get(2);
        assertThat(kind.isAvailable()).isFalse();
        assertThat(kind.unavailabilityCause()).isSameAs(cause);
    }

    @Test
    void twoKindsOfOneNameAreRefused() {
        assertThatThrownBy(() -> new SourceKinds(List.of(new Echo("pcap", null)))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("two source kinds are named pcap: io.zbuf.core.source.PcapKind and ");
        assertThatThrownBy(() -> new SourceKinds(List.of(new Echo("x", null), new Echo("x", null)))).hasMessageContaining("named x");
    }

    @Test
    void theInstalledKindsAreFoundOnce() {
        assertThat(SourceKinds.installed()).isSameAs(SourceKinds.installed());
        assertThat(SourceKinds.installed().all()).extracting(SourceKind::name).startsWith("synthetic", "pcap");
    }

    @Test
    void onlyAKindThatSaysSoNamesTheInterfaceItFeeds() {
        assertThat(SourceSpec.parse("synthetic").interfaceName()).isEmpty();
        assertThat(SourceSpec.parse("pcap:x.pcap").interfaceName()).isEmpty();
    }

    @Test
    void anEventDrivenSourceHoldsNothingUnlessItSaysItCan() {
        EventDrivenSource source = new EventDrivenSource() {
            @Override
            public void start(Runnable interrupt) {
            }

            @Override
            public void stop() {
            }

            @Override
            public long dropped() {
                return 0;
            }

            @Override
            public io.zbuf.spi.LinkType linkType() {
                return io.zbuf.spi.LinkType.EN10MB;
            }

            @Override
            public boolean next(io.zbuf.core.kernel.Packet packet) {
                return false;
            }

            @Override
            public void close() {
            }
        };
        assertThat(source.canHold()).isFalse();
    }

    @Test
    void aKindWhoseNameStartsAnotherIsNotConfused() {
        SourceKinds kinds = new SourceKinds(List.of(new Echo("synth", null)));
        assertThat(SourceSpec.parse("synth:x", kinds).kind().name()).isEqualTo("synth");
        assertThat(SourceSpec.parse("synthetic:size=64", kinds).kind().name()).isEqualTo("synthetic");
    }
}
