#include "CFootprintSystem.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int footprint_set_parent_death_signal(int signal) {
#if defined(__linux__)
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int footprint_become_child_subreaper(void) {
#if defined(__linux__)
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0, 0, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int footprint_ignore_broken_pipes(void) {
    struct sigaction ignore, previous;
    sigemptyset(&ignore.sa_mask);
    ignore.sa_flags = 0;
    ignore.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &ignore, &previous) != 0) return 0;
    return previous.sa_handler == SIG_IGN ? 1 : 0;
}

int footprint_flush_standard_output(void) {
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    return errno != 0 ? errno : -1;
}

#if defined(__x86_64__)
#include <cpuid.h>

int footprint_cpu_has_avx2_fma(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
    // The CPU having AVX is not enough: the OS must save the YMM registers (XCR0 bits 1 and 2).
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6u) != 6u) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx >> 5) & 1u;  // AVX2
}
#else
int footprint_cpu_has_avx2_fma(void) { return 0; }
#endif
