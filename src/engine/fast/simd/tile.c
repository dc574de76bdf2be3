// Tile (a tensor repeated along each axis) of 4-byte elements, on tfjs-backend-wasm's heap
// (see kernels.c for the rules this module follows). The stock wasm kernel computes every
// output element's source index: 75 ms of a 150 ms training step of a small model with
// BatchNormalization (its gradient tiles per-channel values over the batch). Here each
// source row is copied once and everything else is a copy of a block already written.

#define EXPORT(name) __attribute__((export_name(#name)))

typedef struct {
  int shape[6], reps[6];
  unsigned long sourceBlock[6], targetBlock[6]; // elements of one slice below each axis
} Tiling;

/** The output slice of axes axis..5 for the input slice at x. */
static void tile_axis(const Tiling *t, int axis, const unsigned *x, unsigned *out) {
  unsigned long written;
  if (axis == 5) {
    __builtin_memcpy(out, x, (unsigned long)t->shape[5] * sizeof(unsigned));
    written = (unsigned long)t->shape[5];
  } else {
    for (int i = 0; i < t->shape[axis]; i++) tile_axis(t, axis + 1, x + i * t->sourceBlock[axis], out + i * t->targetBlock[axis]);
    written = (unsigned long)t->shape[axis] * t->targetBlock[axis];
  }
  // The repetitions along this axis: copies of what was just written.
  for (int r = 1; r < t->reps[axis]; r++) __builtin_memcpy(out + r * written, out, written * sizeof(unsigned));
}

/** Shapes and repetitions of rank 6 (lower ranks padded with leading 1s); no size 0. */
EXPORT(tile)
void tile(const unsigned *x, unsigned *out, int s0, int s1, int s2, int s3, int s4, int s5, int r0, int r1, int r2, int r3, int r4, int r5) {
  Tiling t = {{s0, s1, s2, s3, s4, s5}, {r0, r1, r2, r3, r4, r5}, {0}, {0}};
  unsigned long source = 1, target = 1;
  for (int axis = 5; axis >= 0; axis--) {
    t.sourceBlock[axis] = source;
    t.targetBlock[axis] = target;
    source *= (unsigned long)t.shape[axis];
    target *= (unsigned long)t.shape[axis] * (unsigned long)t.reps[axis];
  }
  tile_axis(&t, 0, x, out);
}
