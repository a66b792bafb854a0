#ifndef C_FOOTPRINT_SYSTEM_H
#define C_FOOTPRINT_SYSTEM_H

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

#endif
