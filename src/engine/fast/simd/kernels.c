// WebAssembly SIMD kernels that work directly on tfjs-backend-wasm's heap: the module
// imports the backend's own memory, so every pointer below is a tensor's byte offset in
// that heap (BackendWasm's dataIdMap memoryOffset) and no data is copied in or out.
// Built by scripts/build-simd-kernels.mjs (clang --target=wasm32 -msimd128, no libc).
// Rules the build script enforces: no static data (a data segment would be written into
// tfjs's heap at instantiation) and no import but env.memory.
// Every loop is over float32 NHWC tensors, the layout Keras layers use.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INLINE static inline __attribute__((always_inline))

// ---------------------------------------------------------------------------------------
// Conv2D filter gradient as one implicit matrix product:
//   dW[(fr, fc, c), o] = Σ_p X[rowOffset(fr, fc, c) + pixelOffset(p)] · dY[p, o]
// over every output pixel p = (b, y, x) of the batch, where X is laid out so every tap of
// every pixel is inside it (the caller zero-pads it first when the padding needs it):
//   rowOffset(fr, fc, c) = fr·dilationH·rowStride + fc·dilationW·channels + c
//   pixelOffset(b, y, x) = b·sampleStride + y·strideH·rowStride + x·strideW·channels
// A tile of R filter taps by V·4 outputs keeps its R·V accumulators in registers for a
// block of pixels: V8 has 16 SIMD registers on x64, and 4 x 8 (8 accumulators,
// 2 dY vectors, 4 broadcasts) is the largest tile that does not spill.

/** Output pixels summed per block (see conv2d_filter_gradient): fastest of 16-128 on the example CNN. */
#define PIXEL_BLOCK 64

typedef struct {
  const float *x;
  const float *dy;
  float *dw;
  int batch, outHeight, outWidth, outChannels;
  int sampleStride, pixelRowStep, pixelColumnStep; // in floats: b, y and x steps of pixelOffset
  int sample, rowFrom, rowTo; // the block of output pixels being summed
} FilterGradient;

INLINE void filter_tile(const FilterGradient *g, const int *rowOffsets, int R, int V, int o) {
  v128_t acc[4][2];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) acc[r][v] = wasm_v128_load(g->dw + rowOffsets[4 + r] + o + 4 * v);
  const float *dy = g->dy + (g->sample * g->outHeight + g->rowFrom) * g->outWidth * g->outChannels + o;
  for (int y = g->rowFrom; y < g->rowTo; y++) {
    const float *pixel = g->x + g->sample * g->sampleStride + y * g->pixelRowStep;
    for (int x = 0; x < g->outWidth; x++, pixel += g->pixelColumnStep, dy += g->outChannels) {
      v128_t d[2];
      for (int v = 0; v < V; v++) d[v] = wasm_v128_load(dy + 4 * v);
      for (int r = 0; r < R; r++) {
        v128_t xv = wasm_v128_load32_splat(pixel + rowOffsets[r]);
        for (int v = 0; v < V; v++) acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(xv, d[v]));
      }
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) wasm_v128_store(g->dw + rowOffsets[4 + r] + o + 4 * v, acc[r][v]);
}

/** The outputs past the last multiple of 4, one at a time. */
INLINE void filter_tail(const FilterGradient *g, const int *rowOffsets, int R, int o) {
  float acc[4];
  for (int r = 0; r < R; r++) acc[r] = g->dw[rowOffsets[4 + r] + o];
  const float *dy = g->dy + (g->sample * g->outHeight + g->rowFrom) * g->outWidth * g->outChannels + o;
  for (int y = g->rowFrom; y < g->rowTo; y++) {
    const float *pixel = g->x + g->sample * g->sampleStride + y * g->pixelRowStep;
    for (int x = 0; x < g->outWidth; x++, pixel += g->pixelColumnStep, dy += g->outChannels) {
      for (int r = 0; r < R; r++) acc[r] += pixel[rowOffsets[r]] * *dy;
    }
  }
  for (int r = 0; r < R; r++) g->dw[rowOffsets[4 + r] + o] = acc[r];
}

INLINE void filter_rows(const FilterGradient *g, const int *rowOffsets, int R) {
  int o = 0;
  for (; o + 8 <= g->outChannels; o += 8) filter_tile(g, rowOffsets, R, 2, o);
  if (o + 4 <= g->outChannels) filter_tile(g, rowOffsets, R, 1, o), o += 4;
  for (; o < g->outChannels; o++) filter_tail(g, rowOffsets, R, o);
}

EXPORT(conv2d_filter_gradient)
void conv2d_filter_gradient(const float *x, const float *dy, float *dw, int batch, int outHeight, int outWidth, int outChannels,
                            int inChannels, int filterHeight, int filterWidth, int sampleStride, int rowStride,
                            int strideHeight, int strideWidth, int dilationHeight, int dilationWidth) {
  FilterGradient g = {x, dy, dw, batch, outHeight, outWidth, outChannels,
                      sampleStride, strideHeight * rowStride, strideWidth * inChannels, 0, 0, 0};
  int rows = filterHeight * filterWidth * inChannels;
  __builtin_memset(dw, 0, (unsigned long)rows * outChannels * sizeof(float));
  // The pixels go in blocks of whole output rows, about PIXEL_BLOCK pixels each: every
  // tile sums a block into dW, so the block's dY and X rows stay in the first-level cache
  // while all the tiles read them (one pass over all pixels per tile ran from L2).
  int rowsPerBlock = (PIXEL_BLOCK + outWidth - 1) / outWidth;
  for (g.sample = 0; g.sample < batch; g.sample++) {
    for (g.rowFrom = 0; g.rowFrom < outHeight; g.rowFrom = g.rowTo) {
      g.rowTo = g.rowFrom + rowsPerBlock < outHeight ? g.rowFrom + rowsPerBlock : outHeight;
      // rowOffsets[0..3]: the tile's taps in X; rowOffsets[4..7]: their rows' starts in dW.
      int rowOffsets[8];
      int filled = 0;
      for (int m = 0; m < rows; m++) {
        int c = m % inChannels, tap = m / inChannels;
        int fr = tap / filterWidth, fc = tap % filterWidth;
        rowOffsets[filled] = fr * dilationHeight * rowStride + fc * dilationWidth * inChannels + c;
        rowOffsets[4 + filled] = m * outChannels;
        if (++filled == 4 || m == rows - 1) {
          switch (filled) {
            case 4: filter_rows(&g, rowOffsets, 4); break;
            case 3: filter_rows(&g, rowOffsets, 3); break;
            case 2: filter_rows(&g, rowOffsets, 2); break;
            default: filter_rows(&g, rowOffsets, 1); break;
          }
          filled = 0;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Conv2D forward as an implicit matrix product (also the stride-1 input gradient: a
// convolution of dY with the flipped filter):
//   Y[p, o] = Σ_(fr, fc, c) X[pixelOffset(p) + fr·dilationH·rowStride + fc·dilationW·channels + c] · W[fr, fc, c, o]
// with X laid out as for the filter gradient (padded by the caller where taps fall outside).
// A tile is P ≤ 4 neighbouring pixels of one output row by V·4 outputs (V = 0: one output),
// summed over every tap at once. The filter is first packed by output blocks (8, then 4,
// then 1 wide: block o0 of width n at packed[taps·o0 ..], tap-major), so a block's filter
// is contiguous: 8·taps floats, in the first-level cache while the pixels pass.

typedef struct {
  const float *x;
  float *y;
  int outChannels, inChannels, filterHeight, filterWidth;
  int tapRowStep, tapColumnStep; // in floats: fr and fc steps in X
  int pixelColumnStep;           // in floats: from one output pixel to the next in a row
} Convolution;

INLINE void convolution_tile(const Convolution *g, const float *pixel, float *y, int P, int V, const float *w, int o) {
  v128_t acc[4][2];
  for (int i = 0; i < P; i++)
    for (int v = 0; v < V; v++) acc[i][v] = wasm_f32x4_splat(0.0f);
  for (int fr = 0; fr < g->filterHeight; fr++) {
    for (int fc = 0; fc < g->filterWidth; fc++) {
      const float *xp = pixel + fr * g->tapRowStep + fc * g->tapColumnStep;
      for (int c = 0; c < g->inChannels; c++, w += 4 * V) {
        v128_t d[2];
        for (int v = 0; v < V; v++) d[v] = wasm_v128_load(w + 4 * v);
        for (int i = 0; i < P; i++) {
          v128_t xv = wasm_v128_load32_splat(xp + i * g->pixelColumnStep + c);
          for (int v = 0; v < V; v++) acc[i][v] = wasm_f32x4_add(acc[i][v], wasm_f32x4_mul(xv, d[v]));
        }
      }
    }
  }
  for (int i = 0; i < P; i++)
    for (int v = 0; v < V; v++) wasm_v128_store(y + i * g->outChannels + o + 4 * v, acc[i][v]);
}

/** A single output (those past the last multiple of 4). */
INLINE void convolution_tail(const Convolution *g, const float *pixel, float *y, int P, const float *w, int o) {
  float acc[4] = {0, 0, 0, 0};
  for (int fr = 0; fr < g->filterHeight; fr++) {
    for (int fc = 0; fc < g->filterWidth; fc++) {
      const float *xp = pixel + fr * g->tapRowStep + fc * g->tapColumnStep;
      for (int c = 0; c < g->inChannels; c++, w++) {
        for (int i = 0; i < P; i++) acc[i] += xp[i * g->pixelColumnStep + c] * *w;
      }
    }
  }
  for (int i = 0; i < P; i++) y[i * g->outChannels + o] = acc[i];
}

INLINE void convolution_pixels(const Convolution *g, const float *pixel, float *y, int P, int V, const float *w, int o) {
  if (V > 0) convolution_tile(g, pixel, y, P, V, w, o);
  else convolution_tail(g, pixel, y, P, w, o);
}

/** One output row (from `pixel`, into `y`) for the output block at o of V vectors (0: one output). */
INLINE void convolution_row(const Convolution *g, const float *pixel, float *y, int outWidth, int V, const float *w, int o) {
  int x = 0;
  for (; x + 4 <= outWidth; x += 4, pixel += 4 * g->pixelColumnStep, y += 4 * g->outChannels) convolution_pixels(g, pixel, y, 4, V, w, o);
  switch (outWidth - x) {
    case 3: convolution_pixels(g, pixel, y, 3, V, w, o); break;
    case 2: convolution_pixels(g, pixel, y, 2, V, w, o); break;
    case 1: convolution_pixels(g, pixel, y, 1, V, w, o); break;
    default: break;
  }
}

/** Every output block of one output row. */
static void convolution_row_blocks(const Convolution *g, const float *pixel, float *y, int outWidth, const float *packed, int oFrom, int oTo) {
  int taps = g->filterHeight * g->filterWidth * g->inChannels;
  int o = oFrom;
  for (; o + 8 <= oTo; o += 8) convolution_row(g, pixel, y, outWidth, 2, packed + taps * o, o);
  if (o + 4 <= oTo) convolution_row(g, pixel, y, outWidth, 1, packed + taps * o, o), o += 4;
  for (; o < oTo; o++) convolution_row(g, pixel, y, outWidth, 0, packed + taps * o, o);
}

/** The filter's (taps x outChannels) matrix by output blocks: see above. */
static void pack_filter(const float *w, float *packed, int taps, int outChannels) {
  int o = 0;
  while (o < outChannels) {
    int n = outChannels - o >= 8 ? 8 : outChannels - o >= 4 ? 4 : 1;
    for (int m = 0; m < taps; m++)
      for (int j = 0; j < n; j++) packed[taps * o + m * n + j] = w[m * outChannels + o + j];
    o += n;
  }
}

/** `packed`: room for the filter (taps x outChannels floats), overwritten. */
EXPORT(conv2d_forward)
void conv2d_forward(const float *x, const float *w, float *packed, float *y, int batch, int outHeight, int outWidth, int outChannels,
                    int inChannels, int filterHeight, int filterWidth, int sampleStride, int rowStride,
                    int strideHeight, int strideWidth, int dilationHeight, int dilationWidth) {
  Convolution g = {x, y, outChannels, inChannels, filterHeight, filterWidth,
                   dilationHeight * rowStride, dilationWidth * inChannels, strideWidth * inChannels};
  int taps = filterHeight * filterWidth * inChannels;
  pack_filter(w, packed, taps, outChannels);
  int rowFloats = outWidth * outChannels;
  // A small filter stays in cache whole: each output row is then written in one pass. A
  // large one goes a block of 8 outputs at a time over every row of a sample, so that
  // block's filter stays in the first-level cache and the sample in the second.
  int blockWidth = taps * outChannels * (int)sizeof(float) <= 16384 ? outChannels : 8;
  for (int b = 0; b < batch; b++) {
    float *ySample = y + b * outHeight * rowFloats;
    for (int oFrom = 0; oFrom < outChannels; oFrom += blockWidth) {
      int oTo = oFrom + blockWidth < outChannels ? oFrom + blockWidth : outChannels;
      for (int row = 0; row < outHeight; row++)
        convolution_row_blocks(&g, x + b * sampleStride + row * strideHeight * rowStride, ySample + row * rowFloats, outWidth, packed, oFrom, oTo);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Matrix product C[M, N] = A · B, A read through strides (so Aᵀ costs nothing: swap them),
// B row-major [K, N] (a transposed B is first transposed into scratch by the caller, with
// `transpose` below). Tiles of 4 rows x 8 columns, like the convolutions'; K in blocks of
// MATMUL_K_BLOCK summed into C, so a block of B's rows stays in the first-level cache
// while every tile of rows passes.

#define MATMUL_K_BLOCK 128

typedef struct {
  const float *a;
  const float *b;
  float *c;
  int n, aRow, aColumn; // row length of B and C; A(m, k) = a[m·aRow + k·aColumn]
  int kFrom, kTo;
} Product;

INLINE void product_tile(const Product *g, int m, int R, int V, int o) {
  v128_t acc[4][2];
  for (int i = 0; i < R; i++)
    for (int v = 0; v < V; v++) acc[i][v] = wasm_v128_load(g->c + (m + i) * g->n + o + 4 * v);
  const float *b = g->b + g->kFrom * g->n + o;
  const float *a = g->a + m * g->aRow + g->kFrom * g->aColumn;
  for (int k = g->kFrom; k < g->kTo; k++, b += g->n, a += g->aColumn) {
    v128_t d[2];
    for (int v = 0; v < V; v++) d[v] = wasm_v128_load(b + 4 * v);
    for (int i = 0; i < R; i++) {
      v128_t av = wasm_v128_load32_splat(a + i * g->aRow);
      for (int v = 0; v < V; v++) acc[i][v] = wasm_f32x4_add(acc[i][v], wasm_f32x4_mul(av, d[v]));
    }
  }
  for (int i = 0; i < R; i++)
    for (int v = 0; v < V; v++) wasm_v128_store(g->c + (m + i) * g->n + o + 4 * v, acc[i][v]);
}

/** A single column (those past the last multiple of 4). */
INLINE void product_tail(const Product *g, int m, int R, int o) {
  float acc[4];
  for (int i = 0; i < R; i++) acc[i] = g->c[(m + i) * g->n + o];
  const float *b = g->b + g->kFrom * g->n + o;
  const float *a = g->a + m * g->aRow + g->kFrom * g->aColumn;
  for (int k = g->kFrom; k < g->kTo; k++, b += g->n, a += g->aColumn)
    for (int i = 0; i < R; i++) acc[i] += a[i * g->aRow] * *b;
  for (int i = 0; i < R; i++) g->c[(m + i) * g->n + o] = acc[i];
}

INLINE void product_rows(const Product *g, int m, int R, int V, int o) {
  if (V > 0) product_tile(g, m, R, V, o);
  else product_tail(g, m, R, o);
}

INLINE void product_columns(const Product *g, int rows, int V, int o) {
  int m = 0;
  for (; m + 4 <= rows; m += 4) product_rows(g, m, 4, V, o);
  switch (rows - m) {
    case 3: product_rows(g, m, 3, V, o); break;
    case 2: product_rows(g, m, 2, V, o); break;
    case 1: product_rows(g, m, 1, V, o); break;
    default: break;
  }
}

EXPORT(matmul)
void matmul(const float *a, const float *b, float *c, int rows, int columns, int inner, int aRow, int aColumn) {
  Product g = {a, b, c, columns, aRow, aColumn, 0, 0};
  __builtin_memset(c, 0, (unsigned long)rows * columns * sizeof(float));
  for (g.kFrom = 0; g.kFrom < inner; g.kFrom = g.kTo) {
    g.kTo = g.kFrom + MATMUL_K_BLOCK < inner ? g.kFrom + MATMUL_K_BLOCK : inner;
    int o = 0;
    for (; o + 8 <= columns; o += 8) product_columns(&g, rows, 2, o);
    if (o + 4 <= columns) product_columns(&g, rows, 1, o), o += 4;
    for (; o < columns; o++) product_columns(&g, rows, 0, o);
  }
}

/** out[c, r] = x[r, c] for a rows x columns matrix, in 4 x 4 blocks where they fit. */
EXPORT(transpose)
void transpose(const float *x, float *out, int rows, int columns) {
  int r = 0;
  for (; r + 4 <= rows; r += 4) {
    int c = 0;
    for (; c + 4 <= columns; c += 4) {
      v128_t r0 = wasm_v128_load(x + r * columns + c), r1 = wasm_v128_load(x + (r + 1) * columns + c);
      v128_t r2 = wasm_v128_load(x + (r + 2) * columns + c), r3 = wasm_v128_load(x + (r + 3) * columns + c);
      v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      wasm_v128_store(out + c * rows + r, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
      wasm_v128_store(out + (c + 1) * rows + r, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
      wasm_v128_store(out + (c + 2) * rows + r, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
      wasm_v128_store(out + (c + 3) * rows + r, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
    }
    for (; c < columns; c++)
      for (int i = 0; i < 4; i++) out[c * rows + r + i] = x[(r + i) * columns + c];
  }
  for (; r < rows; r++)
    for (int c = 0; c < columns; c++) out[c * rows + r] = x[r * columns + c];
}

/**
 * Copies X [batch, height, width, channels] into [batch, paddedHeight, paddedWidth,
 * channels] at (top, left), zeros around it (rows or columns of X past the padded size
 * are dropped: no tap reads them).
 */
EXPORT(pad_channels_last)
void pad_channels_last(const float *x, float *out, int batch, int height, int width, int channels,
                       int paddedHeight, int paddedWidth, int top, int left) {
  int rowLength = paddedWidth * channels;
  int colFrom = left < 0 ? -left : 0;
  int colTo = width < paddedWidth - left ? width : paddedWidth - left;
  for (int b = 0; b < batch; b++) {
    for (int row = 0; row < paddedHeight; row++, out += rowLength) {
      int source = row - top;
      __builtin_memset(out, 0, (unsigned long)rowLength * sizeof(float));
      if (source < 0 || source >= height || colTo <= colFrom) continue;
      const float *from = x + ((b * height + source) * width + colFrom) * channels;
      __builtin_memcpy(out + (colFrom + left) * channels, from, (unsigned long)(colTo - colFrom) * channels * sizeof(float));
    }
  }
}

// ---------------------------------------------------------------------------------------
// MaxPool gradient: each window's gradient goes to the window's first maximum in window
// order (strict >, starting from -Infinity), so NaN and -Infinity never win: the rule of
// tfjs's cpu backend.

/** 2x2 windows, stride 2, no padding, every window inside X: four channels at a time. */
EXPORT(max_pool_grad_2x2)
void max_pool_grad_2x2(const float *x, const float *dy, float *dx, int batch, int height, int width, int channels,
                       int outHeight, int outWidth) {
  int rowStride = width * channels;
  int vectorChannels = channels & ~3;
  // The windows do not overlap and cover X but for a last odd row or column: those are
  // zeroed here, every other element is written exactly once below.
  for (int b = 0; b < batch; b++) {
    const float *xs = x + b * height * rowStride;
    float *dxs = dx + b * height * rowStride;
    for (int yo = 0; yo < outHeight; yo++) {
      const float *top = xs + 2 * yo * rowStride;
      float *dtop = dxs + 2 * yo * rowStride;
      for (int xo = 0; xo < outWidth; xo++, dy += channels) {
        const float *p = top + 2 * xo * channels;
        float *dp = dtop + 2 * xo * channels;
        int c = 0;
        for (; c < vectorChannels; c += 4) {
          v128_t v0 = wasm_v128_load(p + c), v1 = wasm_v128_load(p + channels + c);
          v128_t v2 = wasm_v128_load(p + rowStride + c), v3 = wasm_v128_load(p + rowStride + channels + c);
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t m0 = wasm_f32x4_gt(v0, best);
          best = wasm_v128_bitselect(v0, best, m0);
          v128_t m1 = wasm_f32x4_gt(v1, best);
          best = wasm_v128_bitselect(v1, best, m1);
          v128_t m2 = wasm_f32x4_gt(v2, best);
          best = wasm_v128_bitselect(v2, best, m2);
          v128_t m3 = wasm_f32x4_gt(v3, best);
          // A later strict winner replaces every earlier one.
          v128_t w2 = wasm_v128_andnot(m2, m3);
          v128_t w1 = wasm_v128_andnot(m1, wasm_v128_or(m2, m3));
          v128_t w0 = wasm_v128_andnot(m0, wasm_v128_or(m1, wasm_v128_or(m2, m3)));
          v128_t g = wasm_v128_load(dy + c);
          wasm_v128_store(dp + c, wasm_v128_and(g, w0));
          wasm_v128_store(dp + channels + c, wasm_v128_and(g, w1));
          wasm_v128_store(dp + rowStride + c, wasm_v128_and(g, w2));
          wasm_v128_store(dp + rowStride + channels + c, wasm_v128_and(g, m3));
        }
        for (; c < channels; c++) {
          const float *q = p + c;
          float *dq = dp + c;
          int at = -1;
          float best = -__builtin_inff();
          if (q[0] > best) best = q[0], at = 0;
          if (q[channels] > best) best = q[channels], at = channels;
          if (q[rowStride] > best) best = q[rowStride], at = rowStride;
          if (q[rowStride + channels] > best) at = rowStride + channels;
          dq[0] = dq[channels] = dq[rowStride] = dq[rowStride + channels] = 0;
          if (at >= 0) dq[at] = dy[c];
        }
      }
      if (2 * outWidth < width) {
        int rest = (width - 2 * outWidth) * channels;
        __builtin_memset(dtop + 2 * outWidth * channels, 0, (unsigned long)rest * sizeof(float));
        __builtin_memset(dtop + rowStride + 2 * outWidth * channels, 0, (unsigned long)rest * sizeof(float));
      }
    }
    if (2 * outHeight < height) {
      __builtin_memset(dxs + 2 * outHeight * rowStride, 0, (unsigned long)(height - 2 * outHeight) * rowStride * sizeof(float));
    }
  }
}

/** Any window, stride and padding (windows clipped to X), one channel at a time. */
EXPORT(max_pool_grad)
void max_pool_grad(const float *x, const float *dy, float *dx, int batch, int height, int width, int channels,
                   int outHeight, int outWidth, int filterHeight, int filterWidth, int strideHeight, int strideWidth,
                   int padTop, int padLeft) {
  int rowStride = width * channels;
  __builtin_memset(dx, 0, (unsigned long)batch * height * rowStride * sizeof(float));
  for (int b = 0; b < batch; b++) {
    const float *xs = x + b * height * rowStride;
    float *dxs = dx + b * height * rowStride;
    for (int yo = 0; yo < outHeight; yo++) {
      int rowStart = yo * strideHeight - padTop;
      int rowFrom = rowStart < 0 ? 0 : rowStart;
      int rowTo = rowStart + filterHeight < height ? rowStart + filterHeight : height;
      for (int xo = 0; xo < outWidth; xo++, dy += channels) {
        int colStart = xo * strideWidth - padLeft;
        int colFrom = colStart < 0 ? 0 : colStart;
        int colTo = colStart + filterWidth < width ? colStart + filterWidth : width;
        for (int c = 0; c < channels; c++) {
          float best = -__builtin_inff();
          int bestAt = -1;
          for (int row = rowFrom; row < rowTo; row++) {
            for (int col = colFrom, at = row * rowStride + colFrom * channels + c; col < colTo; col++, at += channels) {
              if (xs[at] > best) best = xs[at], bestAt = at;
            }
          }
          if (bestAt >= 0) dxs[bestAt] += dy[c];
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Sum over leading axes (bias gradients): out[c] = Σ_r x[r, c], in float64 accumulators
// (eight of them, 16 columns, kept in registers for a whole pass over the rows).

INLINE v128_t promote_high(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3)); }

EXPORT(sum_rows)
void sum_rows(const float *x, float *out, int rows, int width) {
  int c = 0;
  for (; c + 16 <= width; c += 16) {
    v128_t acc[8];
    for (int i = 0; i < 8; i++) acc[i] = wasm_f64x2_splat(0.0);
    const float *p = x + c;
    for (int r = 0; r < rows; r++, p += width) {
      for (int i = 0; i < 4; i++) {
        v128_t v = wasm_v128_load(p + 4 * i);
        acc[2 * i] = wasm_f64x2_add(acc[2 * i], wasm_f64x2_promote_low_f32x4(v));
        acc[2 * i + 1] = wasm_f64x2_add(acc[2 * i + 1], promote_high(v));
      }
    }
    for (int i = 0; i < 4; i++) {
      v128_t low = wasm_f32x4_demote_f64x2_zero(acc[2 * i]);
      v128_t high = wasm_f32x4_demote_f64x2_zero(acc[2 * i + 1]);
      wasm_v128_store(out + c + 4 * i, wasm_i32x4_shuffle(low, high, 0, 1, 4, 5));
    }
  }
  for (; c < width; c++) {
    double total = 0;
    const float *p = x + c;
    for (int r = 0; r < rows; r++, p += width) total += *p;
    out[c] = (float)total;
  }
}
