/* zbuf's stand-in for FreeBSD's <vm/vm_map.h>: struct vm_map and struct vmspace (zseed.h). */
#ifndef ZSEED_VM_VM_MAP_H
#define ZSEED_VM_VM_MAP_H
#include <vm/vm.h>
#endif
