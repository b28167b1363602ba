package io.zbuf.spi;

import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Assertions on the {@link BpfException} an operation fails with. */
final class BpfErrors {
    private BpfErrors() {
    }

    /** Asserts that {@code operation} throws a {@link BpfException} with {@code errno}; the rest is up to the caller. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertBpfError(ThrowingCallable operation, Errno errno) {
        return assertBpfError(catchThrowable(operation), errno);
    }

    /** Asserts that {@code thrown} is a {@link BpfException} with {@code errno} and a message ending in its name. */
    static AbstractThrowableAssert<?, ? extends Throwable> assertBpfError(Throwable thrown, Errno errno) {
        assertThat(thrown).isInstanceOf(BpfException.class);
        assertThat(((BpfException) thrown).errno()).isSameAs(errno);
        return assertThat(thrown).hasMessageEndingWith(" (" + errno.name() + ")");
    }
}
