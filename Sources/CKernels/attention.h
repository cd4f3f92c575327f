#ifndef VERBATIM_CKERNELS_ATTENTION_H
#define VERBATIM_CKERNELS_ATTENTION_H
/* One query's attention over the keys and values of one head, for the decoder's steps (a few
   query rows against the 1500 encoder positions or the cached tokens): scores, softmax and the
   weighted sum in one pass over keys and values, without BLAS calls (whose threads and
   packing cost more than the work at this size). Header only: every function is static inline. */
#include <math.h>
#include "activations.h"

/* Softmax of `scores` (n values, largest `maximum`), left in place, and out = Σ scores[i] · V[i]. */
static inline void vb_attention_finish_portable(
    float maximum, float *scores, const float *values, long value_stride, int n, int width, float *out) {
    float sum = 0;
    for (int i = 0; i < n; i++) {
        scores[i] = expf(scores[i] - maximum);
        sum += scores[i];
    }
    float inverse = 1 / sum;
    for (int c = 0; c < width; c++) out[c] = 0;
    for (int i = 0; i < n; i++) {
        float p = scores[i] * inverse;
        scores[i] = p;
        const float *v = values + (long)i * value_stride;
        for (int c = 0; c < width; c++) out[c] += p * v[c];
    }
}

/* scores[i] = scale · q·K[i] for i < n; then scores := softmax(scores) and
   out[0..<width] = Σ scores[i] · V[i]. K and V rows hold `width` floats, `key_stride` and
   `value_stride` floats apart. Portable C (the compiler's baseline vectors). */
static inline void vb_attend_portable(
    const float *q, const float *keys, long key_stride, const float *values, long value_stride, int n, int width,
    float scale, float *scores, float *out) {
    float maximum = -INFINITY;
    for (int i = 0; i < n; i++) {
        const float *k = keys + (long)i * key_stride;
        float dot = 0;
        for (int c = 0; c < width; c++) dot += q[c] * k[c];
        scores[i] = dot * scale;
        if (scores[i] > maximum) maximum = scores[i];
    }
    vb_attention_finish_portable(maximum, scores, values, value_stride, n, width, out);
}

/* Keys in tiles of 16 positions: tile t holds, for each of the `width` columns, the column's values
   at positions 16t..16t+15 (zeros past n). The dot products of 16 positions are then `width`
   multiply-adds of whole vectors, with no horizontal sums. */
static inline long vb_key_tiles_size(int n, int width) { return (long)((n + 15) / 16) * width * 16; }

/* Writes `n` key rows of `width` floats (`stride` apart) as tiles. */
static inline void vb_tile_keys(const float *keys, long stride, int n, int width, float *tiles) {
    for (int t = 0; t < (n + 15) / 16; t++)
        for (int c = 0; c < width; c++)
            for (int j = 0; j < 16; j++) {
                int i = 16 * t + j;
                tiles[((long)t * width + c) * 16 + j] = i < n ? keys[(long)i * stride + c] : 0;
            }
}

/* Reads the tiles back into rows of `width` floats (`stride` apart). */
static inline void vb_untile_keys(const float *tiles, int n, int width, float *keys, long stride) {
    for (int i = 0; i < n; i++)
        for (int c = 0; c < width; c++) keys[(long)i * stride + c] = tiles[((long)(i / 16) * width + c) * 16 + i % 16];
}

/* `vb_attend_portable` with tiled keys. */
static inline void vb_attend_tiled_portable(
    const float *q, const float *tiles, const float *values, long value_stride, int n, int width, float scale,
    float *scores, float *out) {
    float maximum = -INFINITY;
    for (int i = 0; i < n; i++) {
        const float *tile = tiles + (long)(i / 16) * width * 16 + i % 16;
        float dot = 0;
        for (int c = 0; c < width; c++) dot += q[c] * tile[c * 16];
        scores[i] = dot * scale;
        if (scores[i] > maximum) maximum = scores[i];
    }
    vb_attention_finish_portable(maximum, scores, values, value_stride, n, width, out);
}

#if defined(__x86_64__)
/* Softmax of `scores` (n values, largest `maximum`), left in place, and out = Σ scores[i] · V[i]. */
__attribute__((target("avx512f"), always_inline))
static inline void vb_attention_finish_avx512(
    float maximum, float *scores, const float *values, long value_stride, int n, int width, float *out) {
    __m512 shift = _mm512_set1_ps(maximum), total = _mm512_setzero_ps();
    for (int i = 0; i < n; i += 16) {
        __mmask16 m = vb_tail_mask(n - i);
        __m512 e = _mm512_maskz_mov_ps(m, vb_exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, scores + i), shift)));
        _mm512_mask_storeu_ps(scores + i, m, e);
        total = _mm512_add_ps(total, e);
    }
    __m512 inverse = _mm512_set1_ps(1 / _mm512_reduce_add_ps(total));
    for (int i = 0; i < n; i += 16) {
        __mmask16 m = vb_tail_mask(n - i);
        _mm512_mask_storeu_ps(scores + i, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, scores + i), inverse));
    }
    if (width == 64) {
        __m512 o0 = _mm512_setzero_ps(), o1 = _mm512_setzero_ps(), o2 = _mm512_setzero_ps(), o3 = _mm512_setzero_ps();
        for (int i = 0; i < n; i++) {
            const float *v = values + (long)i * value_stride;
            __m512 p = _mm512_set1_ps(scores[i]);
            o0 = _mm512_fmadd_ps(p, _mm512_loadu_ps(v), o0);
            o1 = _mm512_fmadd_ps(p, _mm512_loadu_ps(v + 16), o1);
            o2 = _mm512_fmadd_ps(p, _mm512_loadu_ps(v + 32), o2);
            o3 = _mm512_fmadd_ps(p, _mm512_loadu_ps(v + 48), o3);
        }
        _mm512_storeu_ps(out, o0);
        _mm512_storeu_ps(out + 16, o1);
        _mm512_storeu_ps(out + 32, o2);
        _mm512_storeu_ps(out + 48, o3);
    } else {
        for (int c = 0; c < width; c += 16) {
            __mmask16 m = vb_tail_mask(width - c);
            __m512 o = _mm512_setzero_ps();
            for (int i = 0; i < n; i++) {
                o = _mm512_fmadd_ps(_mm512_set1_ps(scores[i]), _mm512_maskz_loadu_ps(m, values + (long)i * value_stride + c), o);
            }
            _mm512_mask_storeu_ps(out + c, m, o);
        }
    }
}

/* `vb_attend_avx512` with tiled keys. */
__attribute__((target("avx512f")))
static inline void vb_attend_tiled_avx512(
    const float *q, const float *tiles, const float *values, long value_stride, int n, int width, float scale,
    float *scores, float *out) {
    __m512 highest = _mm512_set1_ps(-INFINITY);
    __m512 scaling = _mm512_set1_ps(scale);
    for (int t = 0; t < (n + 15) / 16; t++) {
        const float *tile = tiles + (long)t * width * 16;
        __m512 a = _mm512_setzero_ps(), b = _mm512_setzero_ps();
        int c = 0;
        for (; c + 1 < width; c += 2) {
            a = _mm512_fmadd_ps(_mm512_set1_ps(q[c]), _mm512_loadu_ps(tile + c * 16), a);
            b = _mm512_fmadd_ps(_mm512_set1_ps(q[c + 1]), _mm512_loadu_ps(tile + (c + 1) * 16), b);
        }
        if (c < width) a = _mm512_fmadd_ps(_mm512_set1_ps(q[c]), _mm512_loadu_ps(tile + c * 16), a);
        __mmask16 m = vb_tail_mask(n - 16 * t);
        __m512 s = _mm512_mul_ps(_mm512_add_ps(a, b), scaling);
        _mm512_mask_storeu_ps(scores + 16 * t, m, s);
        highest = _mm512_mask_max_ps(highest, m, highest, s);
    }
    vb_attention_finish_avx512(_mm512_reduce_max_ps(highest), scores, values, value_stride, n, width, out);
}

/* The same with AVX-512: a head width of 64 (every Whisper size) in four registers, other widths
   by masked chunks of 16. */
__attribute__((target("avx512f")))
static inline void vb_attend_avx512(
    const float *q, const float *keys, long key_stride, const float *values, long value_stride, int n, int width,
    float scale, float *scores, float *out) {
    float maximum = -INFINITY;
    if (width == 64) {
        __m512 q0 = _mm512_loadu_ps(q), q1 = _mm512_loadu_ps(q + 16), q2 = _mm512_loadu_ps(q + 32),
               q3 = _mm512_loadu_ps(q + 48);
        for (int i = 0; i < n; i++) {
            const float *k = keys + (long)i * key_stride;
            __m512 a = _mm512_mul_ps(q0, _mm512_loadu_ps(k));
            __m512 b = _mm512_mul_ps(q1, _mm512_loadu_ps(k + 16));
            a = _mm512_fmadd_ps(q2, _mm512_loadu_ps(k + 32), a);
            b = _mm512_fmadd_ps(q3, _mm512_loadu_ps(k + 48), b);
            float s = _mm512_reduce_add_ps(_mm512_add_ps(a, b)) * scale;
            scores[i] = s;
            if (s > maximum) maximum = s;
        }
    } else {
        for (int i = 0; i < n; i++) {
            const float *k = keys + (long)i * key_stride;
            __m512 a = _mm512_setzero_ps();
            for (int c = 0; c < width; c += 16) {
                __mmask16 m = vb_tail_mask(width - c);
                a = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, q + c), _mm512_maskz_loadu_ps(m, k + c), a);
            }
            float s = _mm512_reduce_add_ps(a) * scale;
            scores[i] = s;
            if (s > maximum) maximum = s;
        }
    }
    vb_attention_finish_avx512(maximum, scores, values, value_stride, n, width, out);
}
#endif

#endif
