#ifndef VERBATIM_CSNDFILE_SHIM_H
#define VERBATIM_CSNDFILE_SHIM_H

/* libsndfile: writing WAV and FLAC. Its API has no function-like macros to wrap. */
#include <sndfile.h>

#endif
