#ifndef VERBATIM_CZLIB_SHIM_H
#define VERBATIM_CZLIB_SHIM_H
#include <zlib.h>
#endif
