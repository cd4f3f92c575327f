#ifndef VERBATIM_CFFMPEG_SHIM_H
#define VERBATIM_CFFMPEG_SHIM_H

#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>

/* Swift cannot import FFmpeg's function-like and struct-building macros: wrap each one. */

static inline int vb_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int vb_averror_eof(void) { return AVERROR_EOF; }
static inline int vb_averror_enomem(void) { return AVERROR(ENOMEM); }
static inline int vb_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int vb_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int vb_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int vb_averror_from_errno(int e) { return AVERROR(e); }
static inline int64_t vb_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline int vb_error_max_string_size(void) { return AV_ERROR_MAX_STRING_SIZE; }

/* A mono channel layout, filled into `layout`. */
static inline void vb_channel_layout_mono(AVChannelLayout *layout) {
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    *layout = mono;
}

/* The errno of an FFmpeg error code, or 0 when it is not an errno-based code. */
static inline int vb_averror_errno(int code) { return code < 0 && code > -4096 ? -code : 0; }

#endif
