/**
 * A kernel played by a thread of this JVM: interfaces fed by packet sources, descriptors that run
 * zbuf-core's kernel side, and the marshalling of ioctls onto the one thread that owns them. Shared by the
 * simulator and the shared-memory kernel daemon.
 */
package io.zbuf.host;
