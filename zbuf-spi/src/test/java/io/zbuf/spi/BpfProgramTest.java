package io.zbuf.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BpfProgramTest {
    private static final BpfInsn ACCEPT = new BpfInsn(0x06, 0, 0, -1);
    private static final BpfInsn REJECT = new BpfInsn(0x06, 0, 0, 0);

    @Test
    void maxInsnsIsFreeBsdsBpfMaxinsns() {
        assertThat(BpfProgram.MAX_INSNS).isEqualTo(512);
    }

    @Test
    void acceptAllIsTheEmptyProgram() {
        assertThat(BpfProgram.ACCEPT_ALL.instructions()).isEmpty();
    }

    @Test
    void keepsACopyThatLaterChangesToTheListDoNotReach() {
        List<BpfInsn> source = new ArrayList<>(List.of(ACCEPT));
        BpfProgram program = new BpfProgram(source);
        source.set(0, REJECT);
        source.add(REJECT);
        assertThat(program.instructions()).containsExactly(ACCEPT);
    }

    @Test
    void isUnmodifiable() {
        BpfProgram program = new BpfProgram(List.of(REJECT));
        assertThatThrownBy(() -> program.instructions().add(ACCEPT)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNullInstructions() {
        assertThatNullPointerException().isThrownBy(() -> new BpfProgram(Arrays.asList(ACCEPT, null)));
        assertThatNullPointerException().isThrownBy(() -> new BpfProgram(null));
    }
}
