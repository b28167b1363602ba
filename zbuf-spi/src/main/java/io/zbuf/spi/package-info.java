/**
 * The ports of zbuf: what a backend provides ({@link io.zbuf.spi.Backend}, {@link io.zbuf.spi.Device},
 * {@link io.zbuf.spi.BufferMemory}), the small value types of the BPF ioctls, and the typed errors.
 * No dependencies.
 */
package io.zbuf.spi;
