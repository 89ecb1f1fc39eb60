/*
 * LD_PRELOAD shim for Debian 12's user-mode Linux (6.1) on hosts with AVX-512 or AMX.
 *
 * UML saves and restores each guest thread's FPU state with PTRACE_GETREGSET/SETREGSET
 * (NT_X86_XSTATE) into a buffer sized for AVX (832 bytes). The host kernel refuses a SETREGSET
 * that is not the full XSAVE size ("userspace - ptrace set fp regs failed, errno = 14" and a
 * panic at boot). This shim keeps a full-size shadow buffer per UML buffer: a GET fills the
 * shadow and hands UML its prefix; a SET writes UML's prefix over the shadow and sets the whole.
 * So the upper AVX-512/AMX state of every guest thread is preserved exactly.
 *
 * It also makes UML die with its parent (the test runner), so no kernel outlives the suite.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/uio.h>

typedef long (*ptrace_fn)(int, pid_t, void *, void *);

#define SLOTS 16384
#define SHADOW_BYTES 65536
static struct {
  void *owner;
  unsigned char *full;
} shadows[SLOTS];
static size_t full_size;

__attribute__((constructor)) static void die_with_parent(void) { prctl(PR_SET_PDEATHSIG, SIGKILL); }

static unsigned char *shadow_for(void *owner) {
  size_t start = ((size_t)owner >> 4) % SLOTS;
  for (size_t i = 0; i < SLOTS; i++) {
    size_t slot = (start + i) % SLOTS;
    if (shadows[slot].owner == owner) return shadows[slot].full;
    if (shadows[slot].owner == 0) {
      shadows[slot].owner = owner;
      shadows[slot].full = calloc(1, SHADOW_BYTES);
      if (!shadows[slot].full) abort();
      return shadows[slot].full;
    }
  }
  abort();
}

long ptrace(enum __ptrace_request request, ...) {
  va_list ap;
  va_start(ap, request);
  pid_t pid = va_arg(ap, pid_t);
  void *addr = va_arg(ap, void *);
  void *data = va_arg(ap, void *);
  va_end(ap);
  static ptrace_fn real;
  if (!real) real = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
  if ((request != PTRACE_GETREGSET && request != PTRACE_SETREGSET) || (long)addr != NT_X86_XSTATE)
    return real(request, pid, addr, data);

  struct iovec *uml = data;
  unsigned char *full = shadow_for(uml->iov_base);
  struct iovec whole = {full, SHADOW_BYTES};
  if (request == PTRACE_GETREGSET || full_size == 0) {
    long got = real(PTRACE_GETREGSET, pid, addr, &whole);
    if (got < 0) return got;
    full_size = whole.iov_len;
    if (request == PTRACE_GETREGSET) {
      size_t n = uml->iov_len < full_size ? uml->iov_len : full_size;
      memcpy(uml->iov_base, full, n);
      uml->iov_len = n;
      return got;
    }
  }
  memcpy(full, uml->iov_base, uml->iov_len < full_size ? uml->iov_len : full_size);
  whole.iov_len = full_size;
  return real(PTRACE_SETREGSET, pid, addr, &whole);
}
