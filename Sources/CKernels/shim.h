#ifndef VERBATIM_CKERNELS_SHIM_H
#define VERBATIM_CKERNELS_SHIM_H
/* Int8 matrix kernels for Whisper's dense layers: activations quantised per row to unsigned
   bytes (offset 128), weights quantised per output row to signed bytes and packed in panels of
   16 outputs × 4 inputs, multiplied with AVX-512 VNNI (vpdpbusd) when the CPU has it, by a
   portable loop otherwise. Header only: every function is static inline. `activations.h` adds the
   AVX-512 softmax, GELU and layer norm. */
#include <stdint.h>
#include <string.h>
#include <math.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif
#include "activations.h"
#include "attention.h"

/* Whether the CPU and the OS support AVX-512 F/BW/VL with VNNI (zmm state enabled by XCR0). */
static inline int vb_has_avx512_vnni(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0; /* OSXSAVE */
    unsigned int xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6) return 0; /* SSE, AVX, opmask, zmm state */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int f = (b >> 16) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1, vnni = (c >> 11) & 1;
    return f && bw && vl && vnni;
#else
    return 0;
#endif
}

/* ---- Quantising activations: u8[r][i] = round(x[r][i] / scale[r]) + 128, scale = max|x[r]| / 127. */

static inline void vb_quantize_rows_portable(
    const float *x, int rows, int k, int ldx, uint8_t *out, float *scales) {
    for (int r = 0; r < rows; r++) {
        const float *row = x + (long)r * ldx;
        float amax = 0;
        for (int i = 0; i < k; i++) amax = fmaxf(amax, fabsf(row[i]));
        float inverse = amax > 0 ? 127.0f / amax : 0;
        scales[r] = amax / 127.0f;
        uint8_t *target = out + (long)r * k;
        for (int i = 0; i < k; i++) target[i] = (uint8_t)((int)nearbyintf(row[i] * inverse) + 128);
    }
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bw,avx512vl")))
static inline void vb_quantize_rows_avx512(
    const float *x, int rows, int k, int ldx, uint8_t *out, float *scales) {
    for (int r = 0; r < rows; r++) {
        const float *row = x + (long)r * ldx;
        __m512 maximum = _mm512_setzero_ps();
        int i = 0;
        for (; i + 16 <= k; i += 16) maximum = _mm512_max_ps(maximum, _mm512_abs_ps(_mm512_loadu_ps(row + i)));
        float amax = _mm512_reduce_max_ps(maximum);
        for (; i < k; i++) amax = fmaxf(amax, fabsf(row[i]));
        float inverse = amax > 0 ? 127.0f / amax : 0;
        scales[r] = amax / 127.0f;
        uint8_t *target = out + (long)r * k;
        const __m512 factor = _mm512_set1_ps(inverse);
        const __m512i offset = _mm512_set1_epi32(128);
        for (i = 0; i + 16 <= k; i += 16) {
            __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(row + i), factor)); /* nearest even */
            _mm_storeu_si128((__m128i *)(target + i), _mm512_cvtepi32_epi8(_mm512_add_epi32(q, offset)));
        }
        for (; i < k; i++) target[i] = (uint8_t)((int)nearbyintf(row[i] * inverse) + 128);
    }
}
#endif

/* Quantises `rows` rows of `k` floats (`ldx` apart) into `out` (rows × k bytes) and `scales`. */
static inline void vb_quantize_rows(const float *x, int rows, int k, int ldx, uint8_t *out, float *scales, int vnni) {
#if defined(__x86_64__)
    if (vnni) { vb_quantize_rows_avx512(x, rows, k, ldx, out, scales); return; }
#endif
    vb_quantize_rows_portable(x, rows, k, ldx, out, scales);
}

/* ---- The product. Packed weights: panel p holds outputs 16p..16p+15; inside a panel, the bytes
   of input group g (inputs 4g..4g+3) for output j are at (p·(k/4) + g)·64 + 4j. Outputs past n
   are zero. `sums[j]` is the sum of output j's quantised weights (for the +128 offset).
   y[r][j] = xScale[r]·wScale[j]·(Σ u·w − 128·sums[j]) + bias[j] (+ y[r][j] when accumulate). */

static inline void vb_gemm_u8s8_portable(
    int rows, int columnBegin, int columnEnd, int k, const uint8_t *x, const float *xScales, const int8_t *packed,
    const float *wScales, const int32_t *sums, const float *bias, float *y, int ldy, int accumulate) {
    const int groups = k / 4;
    for (int r = 0; r < rows; r++) {
        const uint8_t *row = x + (long)r * k;
        for (int j = columnBegin; j < columnEnd; j++) {
            const int8_t *panel = packed + (long)(j / 16) * groups * 64 + (j % 16) * 4;
            int32_t total = 0;
            for (int g = 0; g < groups; g++) {
                const int8_t *w = panel + (long)g * 64;
                const uint8_t *a = row + 4 * g;
                total += a[0] * w[0] + a[1] * w[1] + a[2] * w[2] + a[3] * w[3];
            }
            float value = xScales[r] * wScales[j] * (float)(total - 128 * sums[j]);
            if (bias) value += bias[j];
            float *target = y + (long)r * ldy + j;
            *target = accumulate ? *target + value : value;
        }
    }
}

#if defined(__x86_64__)
/* Scales, offsets and stores one accumulator of 16 outputs starting at column `column`. */
__attribute__((target("avx512f,avx512bw,avx512vl"), always_inline))
static inline void vb_store16(
    __m512i acc, float xScale, int column, int columnEnd, const float *wScales, const int32_t *sums,
    const float *bias, float *target, int accumulate) {
    int count = columnEnd - column;
    __mmask16 mask = count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
    __m512i offset = _mm512_slli_epi32(_mm512_maskz_loadu_epi32(mask, sums + column), 7);
    __m512 value = _mm512_cvtepi32_ps(_mm512_sub_epi32(acc, offset));
    value = _mm512_mul_ps(value, _mm512_mul_ps(_mm512_set1_ps(xScale), _mm512_maskz_loadu_ps(mask, wScales + column)));
    if (bias) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, bias + column));
    if (accumulate) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, target + column));
    _mm512_mask_storeu_ps(target + column, mask, value);
}

/* One block: up to 6 rows × 2 panels (32 outputs) in 12 accumulators. Called with a constant
   `blockRows` and inlined, so the row loops unroll and the accumulators stay in registers. */
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni"), always_inline))
static inline void vb_block_vnni(
    const int blockRows, int panelCount, int column, int columnEnd, int groups, const uint8_t *x, int k,
    const float *xScales, const int8_t *panel0, const float *wScales, const int32_t *sums, const float *bias, float *y,
    int ldy, int accumulate) {
    __m512i acc0[6], acc1[6];
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < 6; r++) { acc0[r] = _mm512_setzero_si512(); acc1[r] = _mm512_setzero_si512(); }
    const int8_t *panel1 = panel0 + (long)groups * 64;
    if (panelCount == 2) {
        for (int g = 0; g < groups; g++) {
            __m512i w0 = _mm512_loadu_si512(panel0 + (long)g * 64);
            __m512i w1 = _mm512_loadu_si512(panel1 + (long)g * 64);
            _Pragma("clang loop unroll(full)")
            for (int r = 0; r < blockRows; r++) {
                int32_t word;
                memcpy(&word, x + (long)r * k + 4 * g, 4);
                __m512i a = _mm512_set1_epi32(word);
                acc0[r] = _mm512_dpbusd_epi32(acc0[r], a, w0);
                acc1[r] = _mm512_dpbusd_epi32(acc1[r], a, w1);
            }
        }
    } else {
        for (int g = 0; g < groups; g++) {
            __m512i w0 = _mm512_loadu_si512(panel0 + (long)g * 64);
            _Pragma("clang loop unroll(full)")
            for (int r = 0; r < blockRows; r++) {
                int32_t word;
                memcpy(&word, x + (long)r * k + 4 * g, 4);
                acc0[r] = _mm512_dpbusd_epi32(acc0[r], _mm512_set1_epi32(word), w0);
            }
        }
    }
    _Pragma("clang loop unroll(full)")
    for (int r = 0; r < blockRows; r++) {
        float *target = y + (long)r * ldy;
        vb_store16(acc0[r], xScales[r], column, columnEnd, wScales, sums, bias, target, accumulate);
        if (panelCount == 2) vb_store16(acc1[r], xScales[r], column + 16, columnEnd, wScales, sums, bias, target, accumulate);
    }
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
static inline void vb_gemm_u8s8_vnni(
    int rows, int columnBegin, int columnEnd, int k, const uint8_t *x, const float *xScales, const int8_t *packed,
    const float *wScales, const int32_t *sums, const float *bias, float *y, int ldy, int accumulate) {
    const int groups = k / 4;
    for (int column = columnBegin; column < columnEnd; column += 32) {
        int panelCount = column + 16 < columnEnd ? 2 : 1;
        const int8_t *panel0 = packed + (long)(column / 16) * groups * 64;
        int r = 0;
        for (; r + 6 <= rows; r += 6)
            vb_block_vnni(6, panelCount, column, columnEnd, groups, x + (long)r * k, k, xScales + r, panel0, wScales, sums,
                          bias, y + (long)r * ldy, ldy, accumulate);
        switch (rows - r) {
        case 5: vb_block_vnni(5, panelCount, column, columnEnd, groups, x + (long)r * k, k, xScales + r, panel0, wScales,
                              sums, bias, y + (long)r * ldy, ldy, accumulate); break;
        case 4: vb_block_vnni(4, panelCount, column, columnEnd, groups, x + (long)r * k, k, xScales + r, panel0, wScales,
                              sums, bias, y + (long)r * ldy, ldy, accumulate); break;
        case 3: vb_block_vnni(3, panelCount, column, columnEnd, groups, x + (long)r * k, k, xScales + r, panel0, wScales,
                              sums, bias, y + (long)r * ldy, ldy, accumulate); break;
        case 2: vb_block_vnni(2, panelCount, column, columnEnd, groups, x + (long)r * k, k, xScales + r, panel0, wScales,
                              sums, bias, y + (long)r * ldy, ldy, accumulate); break;
        case 1: vb_block_vnni(1, panelCount, column, columnEnd, groups, x + (long)r * k, k, xScales + r, panel0, wScales,
                              sums, bias, y + (long)r * ldy, ldy, accumulate); break;
        default: break;
        }
    }
}
#endif

/* y[rows][columnBegin..<columnEnd] from quantised rows `x` (rows × k bytes) and packed weights.
   `columnBegin` is a multiple of 16 (ranges split on panels for threads); `k` a multiple of 4. */
static inline void vb_gemm_u8s8(
    int rows, int columnBegin, int columnEnd, int k, const uint8_t *x, const float *xScales, const int8_t *packed,
    const float *wScales, const int32_t *sums, const float *bias, float *y, int ldy, int accumulate, int vnni) {
#if defined(__x86_64__)
    if (vnni) {
        vb_gemm_u8s8_vnni(rows, columnBegin, columnEnd, k, x, xScales, packed, wScales, sums, bias, y, ldy, accumulate);
        return;
    }
#endif
    vb_gemm_u8s8_portable(rows, columnBegin, columnEnd, k, x, xScales, packed, wScales, sums, bias, y, ldy, accumulate);
}

#endif
