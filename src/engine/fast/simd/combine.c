// The data-parallel loop's combination of the ranks' gradients (share-rank.ts) as a
// WebAssembly SIMD kernel on tfjs's heap (see kernels.c for the rules every kernel here
// follows): every rank runs it on the same slots in the same order, so every rank gets the
// same bits and the weights stay identical without being sent anywhere.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/**
 * out[i] = Σ_r weights[r] · slots[r·stride + i] for i < n, in rank order, each product
 * and sum in double and rounded to float32 after each rank's term. A rank of weight 0 (an
 * empty share: its slot holds an older step's values) is skipped; none at all gives 0.
 */
EXPORT(weighted_sum)
void weighted_sum(const float *slots, int ranks, int stride, int n, const double *weights, float *out) {
  int first = 1;
  for (int r = 0; r < ranks; r++) {
    if (weights[r] == 0.0) continue;
    const float *slot = slots + (long)r * stride;
    const v128_t w = wasm_f64x2_splat(weights[r]);
    int i = 0;
    for (; i + 2 <= n; i += 2) {
      v128_t term = wasm_f64x2_mul(w, wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(slot + i)));
      if (!first) term = wasm_f64x2_add(wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(out + i)), term);
      wasm_v128_store64_lane(out + i, wasm_f32x4_demote_f64x2_zero(term), 0);
    }
    for (; i < n; i++) out[i] = first ? (float)(weights[r] * slot[i]) : (float)((double)out[i] + weights[r] * slot[i]);
    first = 0;
  }
  if (first) __builtin_memset(out, 0, (unsigned long)n * sizeof(float));
}
