/**
 * jcstress tests of the memory ordering of the zero-copy hand-off (docs/model.md, docs/protocol-notes.md).
 *
 * <p>Two hand-offs, each tested three ways:
 * <ul>
 *   <li>kernel to user: the kernel writes a record and {@code kernel_len}, then release-increments
 *       {@code kernel_gen}; a user that acquire-loads the new generation sees the new length and record
 *       ({@link io.zbuf.jcstress.KernelGenPublishesTheRecord}, plain accesses:
 *       {@link io.zbuf.jcstress.KernelGenPublishesTheRecordPlain}, the real descriptor and consumer:
 *       {@link io.zbuf.jcstress.DescriptorHandsOverToTheConsumer});</li>
 *   <li>user to kernel: the user's last read of a record happens before it release-stores {@code user_gen}; a
 *       kernel that acquire-loads the acknowledgement and then overwrites the buffer never changes what the user
 *       read ({@link io.zbuf.jcstress.UserGenReleasesTheRecord}, plain:
 *       {@link io.zbuf.jcstress.UserGenReleasesTheRecordPlain}, real:
 *       {@link io.zbuf.jcstress.ConsumerAcknowledgesToTheDescriptor}).</li>
 * </ul>
 * The ordered tests forbid the stale outcomes; the plain ones mark them acceptable but interesting: the Java
 * memory model allows them, and what a platform shows is reported, never failed.
 */
package io.zbuf.jcstress;
