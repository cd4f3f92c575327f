#ifndef VERBATIM_CKERNELS_ATTENTION_H
#define VERBATIM_CKERNELS_ATTENTION_H
/* One query's attention over the keys and values of one head, for the decoder's steps (a few
   query rows against the 1500 encoder positions or the cached tokens): scores, softmax and the
   weighted sum in one pass over keys and values, without BLAS calls (whose threads and
   packing cost more than the work at this size). Header only: every function is static inline. */
#include <math.h>
#include "activations.h"

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

#if defined(__x86_64__)
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
#endif

#endif
