#include "CFootprintSystem.h"
#include <errno.h>
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
