#ifndef C_FOOTPRINT_SYSTEM_H
#define C_FOOTPRINT_SYSTEM_H

#include <signal.h>

/// Asks the kernel to send `signal` to this process when its parent thread exits
/// (prctl(PR_SET_PDEATHSIG)); prctl itself is variadic, which Swift cannot call.
/// Returns 0 on success, -1 with errno set otherwise, or on systems without it.
int footprint_set_parent_death_signal(int signal);

/// Makes this process a child subreaper (prctl(PR_SET_CHILD_SUBREAPER)): descendants orphaned
/// below it are re-parented to it instead of to init. Returns 0 on success, -1 with errno set otherwise.
int footprint_become_child_subreaper(void);

/// 1 when the CPU and the operating system support AVX2 and FMA (x86-64 only; 0 elsewhere):
/// whether the lab's fused multiply-add kernel, compiled for them, may run here.
int footprint_cpu_has_avx2_fma(void);

/// Ignores SIGPIPE from now on, so that a reader that goes away (`footprint … | head`) makes a write
/// fail with EPIPE instead of killing footprint. Returns 1 when SIGPIPE was already ignored (the
/// disposition footprint was started with, which a command it runs should inherit), else 0.
int footprint_ignore_broken_pipes(void);

/// Flushes stdout. Returns 0 when everything written to it reached its descriptor, else the errno of
/// the failure (EPIPE when a pipe's reader went away), or -1 when an earlier write failed unseen.
/// (Swift 6 cannot touch C's `stdout` global.)
int footprint_flush_standard_output(void);

/// Starts `file` (searched in PATH, as execvp does) with `argv` and `envp` in a child that the kernel
/// SIGKILLs when the calling thread exits (PR_SET_PDEATHSIG, set before exec, survives it): the
/// command never outlives footprint, even a SIGKILLed one. The child starts with no signal blocked
/// and every signal in `reset_to_default`, and every signal this process handles, at its default.
/// Returns the child's pid once it has executed `file` or failed to, or -1 with errno set when no
/// child could be made. A failed exec writes its errno (an int) to `report_fd`, which must be
/// close-on-exec, and the child exits with 127; a successful exec closes it unwritten.
int footprint_spawn_tied_to_parent(
    const char *file, char *const argv[], char *const envp[], const sigset_t *reset_to_default, int report_fd);

/// A descriptor that becomes readable when process `pid` exits (pidfd_open(2), Linux 5.3), close-on-exec:
/// a wait for a process that is not one's child. Returns -1 with errno set (ENOSYS where the kernel or
/// the system has none, ESRCH when no such process runs).
int footprint_pidfd_open(int pid);

/// A close-on-exec, non-blocking descriptor that reads the signals of `signals` (which the caller has
/// blocked in every thread) as they arrive (signalfd(2)). Returns -1 with errno set where there is none.
int footprint_signalfd(const sigset_t *signals);

/// Reads one signal from a descriptor of footprint_signalfd. Returns its number, or 0 when none waits.
int footprint_signalfd_take(int fd);

#endif
