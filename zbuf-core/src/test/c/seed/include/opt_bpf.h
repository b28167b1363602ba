/* zbuf's stand-in for the kernel build's opt_bpf.h: no BPF options. */
