#ifndef VERBATIM_COPENBLAS_SHIM_H
#define VERBATIM_COPENBLAS_SHIM_H
#include <cblas.h>
/* Number of threads OpenBLAS uses for the calling process (set it deliberately when several
   workers share the machine's cores). */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
