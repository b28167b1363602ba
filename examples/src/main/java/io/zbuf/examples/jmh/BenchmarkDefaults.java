package io.zbuf.examples.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What every zbuf benchmark inherits (JMH looks these annotations up on superclasses; its command line overrides
 * them): average time per operation in nanoseconds, state per thread, one fork, 3 warm-up and 5 measurement
 * iterations of 1 s. Short enough to run them all in minutes; a quiet machine and more forks and iterations make
 * the numbers to quote.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
abstract class BenchmarkDefaults {
}
