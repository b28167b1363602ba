/**
 * {@code zbuf bench-live}: the live source against tcpdump and pcap4j on real packets, in network namespaces of
 * its own ({@link io.zbuf.examples.livebench.LiveBench}); the sender and receiver programs it starts.
 */
package io.zbuf.examples.livebench;
