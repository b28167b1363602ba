/* zbuf's stand-in for FreeBSD's <vm/vm_page.h>: unwiring a page the host wired. */
#ifndef ZSEED_VM_VM_PAGE_H
#define ZSEED_VM_VM_PAGE_H
#include <vm/vm.h>
#define PQ_INACTIVE 1
void vm_page_unwire(vm_page_t m, uint8_t queue);
#endif
