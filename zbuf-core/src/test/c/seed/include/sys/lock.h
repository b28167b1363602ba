/* zbuf's stand-in for FreeBSD's <sys/lock.h>: nothing the seed uses directly (see <sys/mutex.h>). */
