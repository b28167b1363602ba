/* zbuf's stand-in for FreeBSD's <vm/vm.h>: page and protection types. */
#ifndef ZSEED_VM_VM_H
#define ZSEED_VM_VM_H
#include <sys/param.h>
typedef struct vm_page *vm_page_t;
typedef struct vm_map *vm_map_t;
typedef u_char vm_prot_t;
#define VM_PROT_NONE 0x00
#define VM_PROT_READ 0x01
#define VM_PROT_WRITE 0x02
#endif
