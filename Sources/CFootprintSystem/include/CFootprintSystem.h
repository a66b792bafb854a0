#ifndef C_FOOTPRINT_SYSTEM_H
#define C_FOOTPRINT_SYSTEM_H

/// Asks the kernel to send `signal` to this process when its parent thread exits
/// (prctl(PR_SET_PDEATHSIG)); prctl itself is variadic, which Swift cannot call.
/// Returns 0 on success, -1 with errno set otherwise, or on systems without it.
int footprint_set_parent_death_signal(int signal);

#endif
