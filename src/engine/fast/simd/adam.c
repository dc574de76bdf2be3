// The fused Adam step (fused-adam.ts) as a WebAssembly SIMD kernel on tfjs's heap (see
// kernels.c for the rules every kernel here follows). Each element is computed exactly as
// the JavaScript loop computes it: the float32 inputs widened to double, every operation
// in double, one rounding to float32 when m, v and the weight are stored. IEEE double
// arithmetic gives the same bits in both (wasm has no fused multiply-add to differ), so the
// two paths agree to the bit, two lanes at a time.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/** Two float32 values at p, widened to double. */
static inline v128_t load_two(const float *p) {
  return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(p));
}

/** Two doubles rounded to float32 and stored at p. */
static inline void store_two(float *p, v128_t values) {
  wasm_v128_store64_lane(p, wasm_f32x4_demote_f64x2_zero(values), 0);
}

/**
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², out ← w + (−lr)·(m·c1) / (√(v·c2) + ε) for
 * n elements, c1 and c2 the reciprocal bias corrections; out may be w (in place).
 */
EXPORT(adam_update)
void adam_update(const float *w, const float *g, float *m, float *v, float *out, int n, float beta1, float beta2, float oneMinusBeta1,
                 float oneMinusBeta2, float epsilon, float negativeLearningRate, double inverseBiasCorrection1, double inverseBiasCorrection2) {
  const v128_t b1 = wasm_f64x2_splat(beta1), b2 = wasm_f64x2_splat(beta2);
  const v128_t c1 = wasm_f64x2_splat(oneMinusBeta1), c2 = wasm_f64x2_splat(oneMinusBeta2);
  const v128_t eps = wasm_f64x2_splat(epsilon), rate = wasm_f64x2_splat(negativeLearningRate);
  const v128_t i1 = wasm_f64x2_splat(inverseBiasCorrection1), i2 = wasm_f64x2_splat(inverseBiasCorrection2);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    const v128_t gradient = load_two(g + i);
    const v128_t mNew = wasm_f64x2_add(wasm_f64x2_mul(load_two(m + i), b1), wasm_f64x2_mul(gradient, c1));
    const v128_t vNew = wasm_f64x2_add(wasm_f64x2_mul(load_two(v + i), b2), wasm_f64x2_mul(wasm_f64x2_mul(gradient, gradient), c2));
    store_two(m + i, mNew);
    store_two(v + i, vNew);
    const v128_t step = wasm_f64x2_div(wasm_f64x2_mul(rate, wasm_f64x2_mul(mNew, i1)), wasm_f64x2_add(wasm_f64x2_sqrt(wasm_f64x2_mul(vNew, i2)), eps));
    store_two(out + i, wasm_f64x2_add(load_two(w + i), step));
  }
  for (; i < n; i++) {
    const double gradient = g[i];
    const double mNew = (double)m[i] * beta1 + gradient * oneMinusBeta1;
    const double vNew = (double)v[i] * beta2 + gradient * gradient * oneMinusBeta2;
    m[i] = (float)mNew;
    v[i] = (float)vNew;
    out[i] = (float)((double)w[i] + (negativeLearningRate * (mNew * inverseBiasCorrection1)) / (__builtin_sqrt(vNew * inverseBiasCorrection2) + epsilon));
  }
}
