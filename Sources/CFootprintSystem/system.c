#define _GNU_SOURCE  // execvpe
#include "CFootprintSystem.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <pthread.h>
#endif
#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
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

int footprint_spawn_tied_to_parent(
    const char *file, char *const argv[], char *const envp[], const sigset_t *reset_to_default, int report_fd) {
#if defined(__linux__)
    // vfork: the child borrows this process's memory until it executes, so nothing of footprint is
    // loaded again (re-executing the 98 MB binary as a trampoline cost a fifth of `footprint run`'s
    // start-up CPU). The child only makes system calls. Every signal stays blocked in it until its
    // handlers are reset, so that no handler of footprint's runs on the borrowed stack.
    sigset_t all, previous, none;
    sigfillset(&all);
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t parent = getpid();
    pid_t child = vfork();
    if (child == 0) {
        for (int signal = 1; signal < NSIG; signal++) {
            struct sigaction current;
            if (sigaction(signal, NULL, &current) != 0) continue;
            int handled = current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN;
            if (handled || sigismember(reset_to_default, signal) == 1) {
                struct sigaction fallback;
                sigemptyset(&fallback.sa_mask);
                fallback.sa_flags = 0;
                fallback.sa_handler = SIG_DFL;
                sigaction(signal, &fallback, NULL);
            }
        }
        prctl(PR_SET_PDEATHSIG, (unsigned long)SIGKILL, 0, 0, 0);
        // The parent may have died before prctl; then nobody would kill the command.
        if (getppid() != parent) _exit(137);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execvpe(file, argv, envp);
        int failure = errno;
        (void)!write(report_fd, &failure, sizeof failure);
        _exit(127);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = saved;
    return child;
#else
    errno = ENOSYS;
    return -1;
#endif
}

int footprint_pidfd_open(int pid) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    // PIDFD_NONBLOCK is not needed: the descriptor is only polled. Close-on-exec is pidfd_open's own.
    return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0U);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

int footprint_signalfd(const sigset_t *signals) {
#if defined(__linux__)
    return signalfd(-1, signals, SFD_CLOEXEC | SFD_NONBLOCK);
#else
    (void)signals;
    errno = ENOSYS;
    return -1;
#endif
}

int footprint_signalfd_take(int fd) {
#if defined(__linux__)
    struct signalfd_siginfo info;
    ssize_t got;
    do {
        got = read(fd, &info, sizeof info);
    } while (got < 0 && errno == EINTR);
    return got == (ssize_t)sizeof info ? (int)info.ssi_signo : 0;
#else
    (void)fd;
    return 0;
#endif
}
