package io.zbuf.examples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TransportKindTest {
    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void everyKindIsFoundByItsName(TransportKind kind) {
        assertThat(TransportKind.of(kind.id())).isSameAs(kind);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> TransportKind.of("kafka"))
                .withMessage("unknown transport 'kafka'; known: zbuf-sim, zbuf-shm, aeron-ipc, aeron-ipc-2p, agrona-ring-2p");
    }

    @Test
    void zbufIsComparedWithAeronInTheSameProcessArrangement() {
        assertThat(TransportKind.ZBUF_SIM.baseline()).isEqualTo(TransportKind.AERON_IPC);
        assertThat(TransportKind.ZBUF_SHM.baseline()).isEqualTo(TransportKind.AERON_IPC_2P);
        assertThat(TransportKind.AERON_IPC.baseline()).isNull();
        assertThat(TransportKind.AGRONA_RING_2P.baseline()).isNull();
    }
}
