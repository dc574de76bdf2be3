// The fused Adam step (fused-adam.ts) as a WebAssembly SIMD kernel on tfjs's heap (see
// kernels.c for the rules every kernel here follows), four weights at a time in float32,
// the precision tfjs's own Adam computes in (its ~15 ops each round to float32). The
// JavaScript loop of the other backends computes in double and rounds once; the two agree
// to float32 rounding (tested). Double precision here, two lanes at a time, cost three
// times as long: the divisions and square roots bound this loop.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/**
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², out ← w + (−lr)·(m·c1) / (√(v·c2) + ε) for
 * n elements, c1 and c2 the reciprocal bias corrections; out may be w (in place).
 */
EXPORT(adam_update)
void adam_update(const float *w, const float *g, float *m, float *v, float *out, int n, float beta1, float beta2, float oneMinusBeta1,
                 float oneMinusBeta2, float epsilon, float negativeLearningRate, float inverseBiasCorrection1, float inverseBiasCorrection2) {
  const v128_t b1 = wasm_f32x4_splat(beta1), b2 = wasm_f32x4_splat(beta2);
  const v128_t c1 = wasm_f32x4_splat(oneMinusBeta1), c2 = wasm_f32x4_splat(oneMinusBeta2);
  const v128_t eps = wasm_f32x4_splat(epsilon), rate = wasm_f32x4_splat(negativeLearningRate);
  const v128_t i1 = wasm_f32x4_splat(inverseBiasCorrection1), i2 = wasm_f32x4_splat(inverseBiasCorrection2);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gradient = wasm_v128_load(g + i);
    const v128_t mNew = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gradient, c1));
    const v128_t vNew = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gradient, gradient), c2));
    wasm_v128_store(m + i, mNew);
    wasm_v128_store(v + i, vNew);
    const v128_t step = wasm_f32x4_div(wasm_f32x4_mul(rate, wasm_f32x4_mul(mNew, i1)), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_mul(vNew, i2)), eps));
    wasm_v128_store(out + i, wasm_f32x4_add(wasm_v128_load(w + i), step));
  }
  for (; i < n; i++) {
    const float gradient = g[i];
    const float mNew = m[i] * beta1 + gradient * oneMinusBeta1;
    const float vNew = v[i] * beta2 + gradient * gradient * oneMinusBeta2;
    m[i] = mNew;
    v[i] = vNew;
    out[i] = w[i] + (negativeLearningRate * (mNew * inverseBiasCorrection1)) / (__builtin_sqrtf(vNew * inverseBiasCorrection2) + epsilon);
  }
}
