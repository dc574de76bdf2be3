// Misclassified digits are drawn from their 784 grey levels. The ink takes the theme's
// foreground colour with the grey level as alpha, so a digit reads well on a light and on a
// dark theme alike (MNIST's own white-on-black would be a black box on a light theme).

export const DIGIT_SIDE = 28;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** RGBA bytes for a canvas ImageData of DIGIT_SIDE × DIGIT_SIDE. Missing pixels are blank. */
export function digitRgba(pixels: readonly number[], ink: Rgb): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(DIGIT_SIDE * DIGIT_SIDE * 4);
  for (let i = 0; i < DIGIT_SIDE * DIGIT_SIDE; i++) {
    rgba[i * 4] = ink.r;
    rgba[i * 4 + 1] = ink.g;
    rgba[i * 4 + 2] = ink.b;
    rgba[i * 4 + 3] = pixels[i] ?? 0;
  }
  return rgba;
}

/**
 * Reads the colour forms a browser gives back for a canvas `fillStyle` (`#rrggbb`, `#rgb`,
 * `rgb(…)`, `rgba(…)`). Undefined for anything else, so the caller can fall back.
 */
export function parseCssColour(text: string): Rgb | undefined {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1].slice(0, 6);
    return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16) };
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(value);
  if (rgb) return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]) };
  return undefined;
}
