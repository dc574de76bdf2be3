// The Dense fast path's products (dense-gradients.ts) as WebAssembly SIMD kernels on
// tfjs's heap (see kernels.c for the rules every kernel here follows).
//
// Every product skips the zero entries of its left operand. A Dense layer's input is
// mostly zeros in the cases that matter: MNIST's pixels are 81% zero (the first layer is
// 90% of the article model's arithmetic), and a hidden layer's input is a ReLU's output,
// about half zero. A row's nonzero entries are found once (with their weight rows'
// offsets) and only those rows of the weights are read. Skipping x = 0 leaves every sum
// the same except for the sign of a zero and for weights that are already infinite or NaN
// (0 · ∞ is NaN in a dense product); the loss check reports a run whose weights got there.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

/** The nonzero entries of x[0:n]: their values, and their indices times `stride`. */
INLINE int nonzero_entries(const float *x, int n, int stride, int *offsets, float *values) {
  int count = 0;
  int i = 0;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= n; i += 4) {
    // NaN compares unequal to zero, so it is kept (and propagates as in a dense product).
    for (unsigned lanes = wasm_i32x4_bitmask(wasm_f32x4_ne(wasm_v128_load(x + i), zero)); lanes; lanes &= lanes - 1) {
      const int k = i + __builtin_ctz(lanes);
      offsets[count] = k * stride;
      values[count++] = x[k];
    }
  }
  for (; i < n; i++) {
    if (x[i] != 0.0f) {
      offsets[count] = i * stride;
      values[count++] = x[i];
    }
  }
  return count;
}

/** out[0:4V] = bias + Σ_k values[k] · w[offsets[k] : +4V], then ReLU if asked. */
INLINE void forward_tile(const float *w, const float *bias, int count, const int *offsets, const float *values, float *out, int V, int relu) {
  v128_t acc[8];
  for (int v = 0; v < V; v++) acc[v] = bias ? wasm_v128_load(bias + 4 * v) : wasm_f32x4_splat(0.0f);
  for (int k = 0; k < count; k++) {
    const v128_t s = wasm_f32x4_splat(values[k]);
    const float *row = w + offsets[k];
    for (int v = 0; v < V; v++) acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(s, wasm_v128_load(row + 4 * v)));
  }
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int v = 0; v < V; v++) wasm_v128_store(out + 4 * v, relu ? wasm_f32x4_max(acc[v], zero) : acc[v]);
}

/**
 * out[rows, units] = x[rows, inSize] · w[inSize, units] (+ bias[units]), ReLU applied when
 * `relu` is 1. `offsets` and `values` are scratch of inSize entries each.
 */
EXPORT(dense_forward)
void dense_forward(const float *x, int rows, int inSize, const float *w, const float *bias, int units, float *out, int relu, int *offsets, float *values) {
  for (int r = 0; r < rows; r++) {
    const int count = nonzero_entries(x + r * inSize, inSize, units, offsets, values);
    float *row = out + r * units;
    int u = 0;
    // 8 accumulators is the widest tile V8 keeps in its 16 SIMD registers.
    for (; u + 32 <= units; u += 32) forward_tile(w + u, bias ? bias + u : 0, count, offsets, values, row + u, 8, relu);
    for (; u + 4 <= units; u += 4) forward_tile(w + u, bias ? bias + u : 0, count, offsets, values, row + u, 1, relu);
    for (; u < units; u++) {
      float sum = bias ? bias[u] : 0.0f;
      for (int k = 0; k < count; k++) sum += values[k] * w[offsets[k] + u];
      row[u] = relu && !(sum > 0.0f) ? (sum != sum ? sum : 0.0f) : sum;
    }
  }
}

/** dw[offsets[k] : +4V] += values[k] · d for every k, d = the row of dY in registers. */
INLINE void gradient_tile(const float *dy, int count, const int *offsets, const float *values, float *dw, int V) {
  v128_t d[8];
  for (int v = 0; v < V; v++) d[v] = wasm_v128_load(dy + 4 * v);
  for (int k = 0; k < count; k++) {
    const v128_t s = wasm_f32x4_splat(values[k]);
    float *row = dw + offsets[k];
    for (int v = 0; v < V; v++) wasm_v128_store(row + 4 * v, wasm_f32x4_add(wasm_v128_load(row + 4 * v), wasm_f32x4_mul(s, d[v])));
  }
}

/**
 * dw[inSize, units] = x[rows, inSize]ᵀ · dy[rows, units], summed over the rows in order;
 * dbias[units] = the column sums of dy when dbias is not 0. `offsets`/`values`: scratch.
 */
EXPORT(dense_weight_gradient)
void dense_weight_gradient(const float *x, int rows, int inSize, const float *dy, int units, float *dw, float *dbias, int *offsets, float *values) {
  __builtin_memset(dw, 0, (unsigned long)inSize * units * sizeof(float));
  for (int r = 0; r < rows; r++) {
    const int count = nonzero_entries(x + r * inSize, inSize, units, offsets, values);
    const float *gradient = dy + r * units;
    int u = 0;
    for (; u + 32 <= units; u += 32) gradient_tile(gradient + u, count, offsets, values, dw + u, 8);
    for (; u + 4 <= units; u += 4) gradient_tile(gradient + u, count, offsets, values, dw + u, 1);
    for (; u < units; u++) {
      for (int k = 0; k < count; k++) dw[offsets[k] + u] += values[k] * gradient[u];
    }
  }
  if (!dbias) return;
  int u = 0;
  for (; u + 4 <= units; u += 4) {
    v128_t sum = wasm_f32x4_splat(0.0f);
    for (int r = 0; r < rows; r++) sum = wasm_f32x4_add(sum, wasm_v128_load(dy + r * units + u));
    wasm_v128_store(dbias + u, sum);
  }
  for (; u < units; u++) {
    float sum = 0.0f;
    for (int r = 0; r < rows; r++) sum += dy[r * units + u];
    dbias[u] = sum;
  }
}

/** Σ_u a[u]·b[u] for u < n. */
INLINE float dot(const float *a, const float *b, int n) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  int u = 0;
  for (; u + 4 <= n; u += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + u), wasm_v128_load(b + u)));
  float sum = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) + (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
  for (; u < n; u++) sum += a[u] * b[u];
  return sum;
}

/** The activation derivatives dense_input_gradient applies, in terms of the layer's output a. */
enum { LINEAR = 0, RELU = 1, TANH = 2, SIGMOID = 3 };

/**
 * dx[rows, inSize] = (dy[rows, units] · w[inSize, units]ᵀ) ⊙ f'(a), where a[rows, inSize]
 * is the output of the layer below and f its activation (`derivative`, one of the enum
 * above; a may be 0 for LINEAR). Where ReLU's derivative is 0 the product is not computed.
 */
EXPORT(dense_input_gradient)
void dense_input_gradient(const float *dy, int rows, int units, const float *w, int inSize, const float *a, int derivative, float *dx) {
  for (int r = 0; r < rows; r++) {
    const float *gradient = dy + r * units;
    const float *output = a ? a + r * inSize : 0;
    float *row = dx + r * inSize;
    for (int i = 0; i < inSize; i++) {
      if (derivative == RELU && !(output[i] > 0.0f)) {
        row[i] = 0.0f;
        continue;
      }
      const float g = dot(gradient, w + i * units, units);
      switch (derivative) {
        case TANH: row[i] = g * (1.0f - output[i] * output[i]); break;
        case SIGMOID: row[i] = g * (output[i] * (1.0f - output[i])); break;
        default: row[i] = g;
      }
    }
  }
}
