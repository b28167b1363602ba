/* zbuf's stand-in for FreeBSD's <vm/vm_extern.h>: the host faults pages of its fake user address space in. */
#ifndef ZSEED_VM_VM_EXTERN_H
#define ZSEED_VM_VM_EXTERN_H
#include <vm/vm.h>
int vm_fault_quick_hold_pages(vm_map_t map, vm_offset_t addr, vm_size_t len, vm_prot_t prot, vm_page_t *ma, int max_count);
#endif
