/**
 * The user side of FreeBSD's zero-copy BPF buffers, the same code for every backend: {@link
 * io.zbuf.core.user.ZbufCapture} opens a descriptor the way libpcap does and runs its read loop, {@link
 * io.zbuf.core.user.ZbufConsumer} finds the buffers the kernel hands over by looking at shared memory only,
 * {@link io.zbuf.core.user.HeldBuffer} walks their records through the {@link io.zbuf.core.user.BpfRecord}
 * flyweight, and the {@link io.zbuf.core.user.IdleStrategy} implementations decide how a polling reader waits.
 *
 * <p>Nothing read from shared memory is trusted: every number is checked before it is used, and a number that
 * cannot be true raises {@link io.zbuf.spi.CorruptBufferException}. Per record nothing is allocated (unless a
 * handler asks for {@link io.zbuf.core.user.BpfRecord#packet()}, a view of exactly the packet), locked or copied.
 * A walk that stops early ({@link io.zbuf.core.user.ControlledRecordHandler}, or a handler that throws) resumes
 * where it stopped: no record is lost or repeated.
 */
package io.zbuf.core.user;
