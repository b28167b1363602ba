/**
 * The live source: real packets of a Linux interface for the simulator and the shm kernel daemon, read in place
 * from an {@code AF_PACKET} receive ring ({@code TPACKET_V3}) through JNA. {@link io.zbuf.afpacket.LiveSourceKind}
 * names it ({@code live:IFACE}), {@link io.zbuf.afpacket.AfPacketSource} reads it, and
 * {@link io.zbuf.afpacket.AfPacketAvailability} says whether it can work here.
 */
package io.zbuf.afpacket;
