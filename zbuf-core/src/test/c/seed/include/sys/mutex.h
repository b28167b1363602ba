/* zbuf's stand-in for FreeBSD's <sys/mutex.h>: struct mtx and mtx_lock/mtx_unlock are the host's (zseed.h). */
#ifndef ZSEED_SYS_MUTEX_H
#define ZSEED_SYS_MUTEX_H
#include <sys/param.h>
#endif
