/* zbuf's stand-in for FreeBSD's <sys/mbuf.h>: struct mbuf (zseed.h) and mtod. */
#ifndef ZSEED_SYS_MBUF_H
#define ZSEED_SYS_MBUF_H
#include <sys/param.h>
#define mtod(m, t) ((t)((m)->m_data))
#endif
