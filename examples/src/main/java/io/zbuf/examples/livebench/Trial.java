package io.zbuf.examples.livebench;

/**
 * One measured run of one receiver at one frame size: what the sender sent in how long, and what the receiver
 * received, delivered and dropped meanwhile.
 *
 * @param frameSize  Ethernet frame bytes
 * @param receiver   zbuf-sim, zbuf-shm, tcpdump or pcap4j
 * @param sent       datagrams the sender sent
 * @param nanos      how long it sent
 * @param received   packets the receiver's kernel socket saw (its filter's count: delivered, dropped, or waiting)
 * @param delivered  packets handed to the receiving program
 * @param dropped    packets dropped for want of room (the ring's, and zbuf's buffers')
 * @param disordered packets that came out of order or twice (by sequence number; tcpdump's are not checked)
 */
public record Trial(int frameSize, String receiver, long sent, long nanos, long received, long delivered, long dropped, long disordered) {
    /** {@code count} per second of sending. */
    public double perSecond(long count) {
        return count * 1e9 / nanos;
    }

    /** Whether nothing came out of order or twice, and nothing was counted that the sender did not send. */
    public boolean ok() {
        return disordered == 0 && delivered + dropped <= received && received <= sent;
    }
}
