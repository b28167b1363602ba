/**
 * Binary layouts shared by the user and the kernel side: the 32-byte {@link io.zbuf.core.layout.ZbufHeader},
 * the record header {@link io.zbuf.core.layout.BpfRecordHeader} and {@code BPF_WORDALIGN}.
 */
package io.zbuf.core.layout;
