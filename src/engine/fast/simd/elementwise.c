// Add, Sub, Multiply and RealDiv of float32 tensors on tfjs-backend-wasm's heap (see
// kernels.c for the rules this module follows) of a tensor with a vector over its last axes
// (a bias, a batch normalisation's per-channel values), the broadcast training makes most
// (elementwise.ts). One IEEE operation per element, as the stock kernels: the results are
// the same to the bit.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

enum { ADD = 0, SUBTRACT = 1, MULTIPLY = 2, DIVIDE = 3 };

INLINE v128_t apply(int op, v128_t a, v128_t b) {
  switch (op) {
    case ADD: return wasm_f32x4_add(a, b);
    case SUBTRACT: return wasm_f32x4_sub(a, b);
    case MULTIPLY: return wasm_f32x4_mul(a, b);
    default: return wasm_f32x4_div(a, b);
  }
}

INLINE float apply_one(int op, float a, float b) {
  switch (op) {
    case ADD: return a + b;
    case SUBTRACT: return a - b;
    case MULTIPLY: return a * b;
    default: return a / b;
  }
}

INLINE void rows_of(int op, const float *a, const float *b, float *out, int rows, int width, int aStep, int bStep) {
  for (int r = 0; r < rows; r++, a += aStep, b += bStep, out += width) {
    int w = 0;
    for (; w + 4 <= width; w += 4) wasm_v128_store(out + w, apply(op, wasm_v128_load(a + w), wasm_v128_load(b + w)));
    for (; w < width; w++) out[w] = apply_one(op, a[w], b[w]);
  }
}

/**
 * out[r, w] = A[r, w] op B[r, w] for r < rows, w < width, where an operand is either a
 * whole [rows, width] tensor (its step: width) or one row repeated (its step: 0).
 */
EXPORT(binary_rows)
void binary_rows(int op, const float *a, const float *b, float *out, int rows, int width, int aStep, int bStep) {
  switch (op) {
    case ADD: rows_of(ADD, a, b, out, rows, width, aStep, bStep); break;
    case SUBTRACT: rows_of(SUBTRACT, a, b, out, rows, width, aStep, bStep); break;
    case MULTIPLY: rows_of(MULTIPLY, a, b, out, rows, width, aStep, bStep); break;
    default: rows_of(DIVIDE, a, b, out, rows, width, aStep, bStep); break;
  }
}
