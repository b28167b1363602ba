/* zbuf's stand-in for FreeBSD's <sys/proc.h>: struct thread and struct proc (zseed.h). */
#ifndef ZSEED_SYS_PROC_H
#define ZSEED_SYS_PROC_H
#include <sys/param.h>
#endif
