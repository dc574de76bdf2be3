// MNIST's own preprocessing for a digit from anywhere (a drawing, a phone photo of paper):
// grey levels, dark-on-light turned light-on-dark, cropped to the digit, scaled to fit 20x20
// keeping its aspect ratio, centred by its centre of mass in 28x28, scaled to [0, 1]: what
// the training images went through, so the model sees what it learnt on. Pure (no DOM, no
// Node, no tfjs): `dnn predict`, the extension and the webview share it.

/** An image as canvases and decoders give it: `width * height` pixels of RGBA bytes, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

export const DIGIT_SIDE = 28;
/** MNIST fits the digit's bounding box into 20x20, leaving a 4-pixel margin. */
const FIT_SIDE = 20;
/** Grey levels (0..255, after inversion and background removal) below this are background. */
const INK_THRESHOLD = 40;

export interface Digit {
  /** 784 values in [0, 1], row-major: the model's input. */
  pixels: Float32Array;
  /** False when no ink was found (a blank canvas): the pixels are then all 0. */
  hasInk: boolean;
}

export function preprocessDigit(image: RgbaImage): Digit {
  const grey = lightOnDark(greyLevels(image), image.width, image.height);
  const box = inkBox(grey, image.width, image.height);
  if (!box) return { pixels: new Float32Array(DIGIT_SIDE * DIGIT_SIDE), hasInk: false };
  const scale = FIT_SIDE / Math.max(box.width, box.height);
  const width = Math.max(1, Math.round(box.width * scale));
  const height = Math.max(1, Math.round(box.height * scale));
  const fitted = resampleArea(grey, image.width, box, width, height);
  return { pixels: centreByMass(fitted, width, height), hasInk: true };
}

/** Luma of each pixel, transparent pixels seen over white (as a PNG with no background shows). */
function greyLevels(image: RgbaImage): Float32Array {
  const grey = new Float32Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) {
    const [r, g, b, a] = [image.data[4 * i], image.data[4 * i + 1], image.data[4 * i + 2], image.data[4 * i + 3]];
    const alpha = a / 255;
    grey[i] = alpha * (0.299 * r + 0.587 * g + 0.114 * b) + (1 - alpha) * 255;
  }
  return grey;
}

/**
 * Ink bright, background 0. The border tells which is which (a digit rarely touches all four
 * edges): a light border is paper, so the image is inverted. The background level (the
 * border's median) is then subtracted and the ink stretched to 255, so grey paper in a photo
 * becomes black.
 */
function lightOnDark(grey: Float32Array, width: number, height: number): Float32Array {
  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(grey[x], grey[(height - 1) * width + x]);
  for (let y = 0; y < height; y++) border.push(grey[y * width], grey[y * width + width - 1]);
  border.sort((a, b) => a - b);
  const median = border[Math.floor(border.length / 2)];
  const invert = median > 127;
  const background = invert ? 255 - median : median;
  let peak = 0;
  const out = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) {
    const ink = Math.max(0, (invert ? 255 - grey[i] : grey[i]) - background);
    out[i] = ink;
    peak = Math.max(peak, ink);
  }
  if (peak > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] * 255) / peak;
  return out;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function inkBox(grey: Float32Array, width: number, height: number): Box | undefined {
  let [minX, minY, maxX, maxY] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x] < INK_THRESHOLD) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  return maxX < 0 ? undefined : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/**
 * The box of `grey` resampled to `width x height` by area averaging: each output pixel is the
 * mean of the source area it covers (fractional pixels weighted), an anti-aliased shrink like
 * MNIST's, and a plain enlargement for tiny inputs.
 */
function resampleArea(grey: Float32Array, stride: number, box: Box, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  const sx = box.width / width;
  const sy = box.height / height;
  for (let oy = 0; oy < height; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < width; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y1, y + 1) - Math.max(y0, y);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x1, x + 1) - Math.max(x0, x);
          sum += wx * wy * grey[(box.y + y) * stride + box.x + x];
        }
      }
      out[oy * width + ox] = sum / (sx * sy);
    }
  }
  return out;
}

/**
 * Places the fitted digit in 28x28 so its centre of mass is at the centre, then scales to
 * [0, 1]. Centre of mass in pixel indices, at index 14: MNIST's own digits average 14.0 so.
 */
function centreByMass(fitted: Float32Array, width: number, height: number): Float32Array {
  let [mass, mx, my] = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = fitted[y * width + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  const offsetX = Math.round(DIGIT_SIDE / 2 - mx / mass);
  const offsetY = Math.round(DIGIT_SIDE / 2 - my / mass);
  const pixels = new Float32Array(DIGIT_SIDE * DIGIT_SIDE);
  for (let y = 0; y < height; y++) {
    const ty = y + offsetY;
    if (ty < 0 || ty >= DIGIT_SIDE) continue;
    for (let x = 0; x < width; x++) {
      const tx = x + offsetX;
      if (tx < 0 || tx >= DIGIT_SIDE) continue;
      pixels[ty * DIGIT_SIDE + tx] = Math.min(1, fitted[y * width + x] / 255);
    }
  }
  return pixels;
}
