/* zbuf's stand-in for FreeBSD's <sys/sf_buf.h>: the host maps each page apart, between guard pages. */
#ifndef ZSEED_SYS_SF_BUF_H
#define ZSEED_SYS_SF_BUF_H
#include <vm/vm.h>
#define SFB_CATCH 1
#define SFB_CPUPRIVATE 2
#define SFB_NOWAIT 4
struct sf_buf *sf_buf_alloc(struct vm_page *m, int flags);
void sf_buf_free(struct sf_buf *sf);
vm_offset_t sf_buf_kva(struct sf_buf *sf);
vm_page_t sf_buf_page(struct sf_buf *sf);
#endif
