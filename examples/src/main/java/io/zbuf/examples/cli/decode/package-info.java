/**
 * Decoding for the {@code zbuf capture} command: {@link io.zbuf.examples.cli.decode.PacketLine} writes one
 * tcpdump-style line per packet.
 */
package io.zbuf.examples.cli.decode;
