#ifndef VERBATIM_CKERNELS_ACTIVATIONS_H
#define VERBATIM_CKERNELS_ACTIVATIONS_H
/* Row-wise softmax, exact GELU and layer normalisation with AVX-512F, 16 lanes at a time (Swift
   builds for baseline x86-64, where its SIMD types run as SSE and `exp` is a scalar call). Only
   compiled for x86-64 and called after `vb_has_avx512f()`; the Swift loops are the fallback.
   Header only: every function is static inline. */
#include <math.h>
#include <stdint.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* Whether the CPU has AVX-512F and the OS saves its registers (opmask and zmm state in XCR0). */
static inline int vb_has_avx512f(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0; /* OSXSAVE */
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16) & 1;
}

/* Lanes [0, count) of a 16-lane vector, for row tails. */
__attribute__((target("avx512f"), always_inline))
static inline __mmask16 vb_tail_mask(int count) {
    return count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
}

/* exp of 16 values: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for e^r (the Cephes
   coefficients `Kernels.fastExp` uses), scaled by 2^n; relative error ≈ 2e-7, 0 below -87.3. */
__attribute__((target("avx512f"), always_inline))
static inline __m512 vb_exp16(__m512 input) {
    __m512 x = _mm512_min_ps(_mm512_max_ps(input, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.3f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fmadd_ps(n, _mm512_set1_ps(2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    __m512 e = _mm512_add_ps(_mm512_fmadd_ps(_mm512_mul_ps(p, r), r, r), _mm512_set1_ps(1.0f));
    __m512 result = _mm512_scalef_ps(e, n);
    return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(input, _mm512_set1_ps(-87.3f), _CMP_GE_OQ), result);
}

/* Softmax of each of `rows` rows of `columns` values (rows `stride` apart), in place. */
__attribute__((target("avx512f")))
static inline void vb_softmax_rows(float *x, int rows, int columns, long stride) {
    for (int row = 0; row < rows; row++) {
        float *values = x + (long)row * stride;
        __m512 maximum = _mm512_set1_ps(-INFINITY);
        for (int i = 0; i < columns; i += 16) {
            __mmask16 mask = vb_tail_mask(columns - i);
            maximum = _mm512_mask_max_ps(maximum, mask, maximum, _mm512_maskz_loadu_ps(mask, values + i));
        }
        const __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(maximum));
        __m512 total = _mm512_setzero_ps();
        for (int i = 0; i < columns; i += 16) {
            __mmask16 mask = vb_tail_mask(columns - i);
            __m512 value = vb_exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, values + i), shift));
            _mm512_mask_storeu_ps(values + i, mask, value);
            total = _mm512_mask_add_ps(total, mask, total, value);
        }
        const __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(total));
        for (int i = 0; i < columns; i += 16) {
            __mmask16 mask = vb_tail_mask(columns - i);
            _mm512_mask_storeu_ps(values + i, mask, _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, values + i), inverse));
        }
    }
}

/* GELU in place, x · (1 + erf(x / √2)) / 2, with erf by Abramowitz–Stegun 7.1.26 (absolute error
   below 1.5e-7), the formula of `Kernels.erf8`. */
__attribute__((target("avx512f")))
static inline void vb_gelu(float *x, long count) {
    const __m512 one = _mm512_set1_ps(1.0f);
    for (long i = 0; i < count; i += 16) {
        __mmask16 mask = vb_tail_mask(count - i > 16 ? 16 : (int)(count - i));
        __m512 value = _mm512_maskz_loadu_ps(mask, x + i);
        __m512 z = _mm512_mul_ps(value, _mm512_set1_ps(0.70710678118654752f));
        __m512 magnitude = _mm512_abs_ps(z);
        __m512 t = _mm512_div_ps(one, _mm512_fmadd_ps(magnitude, _mm512_set1_ps(0.3275911f), one));
        __m512 p = _mm512_set1_ps(1.061405429f);
        p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.453152027f));
        p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.421413741f));
        p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.284496736f));
        p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.254829592f));
        __m512 decay = vb_exp16(_mm512_mul_ps(_mm512_sub_ps(_mm512_setzero_ps(), magnitude), magnitude));
        __m512 erf = _mm512_fnmadd_ps(_mm512_mul_ps(p, t), decay, one);
        /* erf is odd: give it the sign of z. */
        erf = _mm512_castsi512_ps(_mm512_or_si512(
            _mm512_castps_si512(erf), _mm512_and_si512(_mm512_castps_si512(z), _mm512_set1_epi32((int)0x80000000u))));
        _mm512_mask_storeu_ps(x + i, mask, _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), value), _mm512_add_ps(one, erf)));
    }
}

/* Layer normalisation of `rows` rows of `width` values (epsilon 1e-5), from `x` into `out`. */
__attribute__((target("avx512f")))
static inline void vb_layer_norm(
    const float *x, int rows, int width, const float *gamma, const float *beta, float *out) {
    for (int row = 0; row < rows; row++) {
        const float *source = x + (long)row * width;
        float *target = out + (long)row * width;
        __m512 sum = _mm512_setzero_ps();
        for (int i = 0; i < width; i += 16) sum = _mm512_add_ps(sum, _mm512_maskz_loadu_ps(vb_tail_mask(width - i), source + i));
        const __m512 mean = _mm512_set1_ps(_mm512_reduce_add_ps(sum) / (float)width);
        __m512 squares = _mm512_setzero_ps();
        for (int i = 0; i < width; i += 16) {
            __mmask16 mask = vb_tail_mask(width - i);
            __m512 centered = _mm512_maskz_sub_ps(mask, _mm512_maskz_loadu_ps(mask, source + i), mean);
            squares = _mm512_fmadd_ps(centered, centered, squares);
        }
        const __m512 scale = _mm512_set1_ps(1.0f / sqrtf(_mm512_reduce_add_ps(squares) / (float)width + 1e-5f));
        for (int i = 0; i < width; i += 16) {
            __mmask16 mask = vb_tail_mask(width - i);
            __m512 centered = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, source + i), mean);
            __m512 value = _mm512_fmadd_ps(_mm512_mul_ps(centered, scale), _mm512_maskz_loadu_ps(mask, gamma + i),
                                           _mm512_maskz_loadu_ps(mask, beta + i));
            _mm512_mask_storeu_ps(target + i, mask, value);
        }
    }
}
#endif

#endif
