// PNG and JPEG files to RGBA pixels, with kept libraries (pngjs, jpeg-js), never a
// hand-written decoder. The format is told by the file's first bytes, not its name.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../digits/mnist-preprocess';
import { EngineError, unreadableReason } from './errors';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
/** Larger images are refused rather than decoded into gigabytes (a 12-megapixel photo is 48 MB). */
const MAX_PIXELS = 50_000_000;

export async function readImageFile(path: string): Promise<RgbaImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new EngineError(`cannot read ${path}: ${unreadableReason(error)}`, 'input');
  }
  return decodeImage(bytes, basename(path));
}

export function decodeImage(bytes: Uint8Array, name: string): RgbaImage {
  const startsWith = (magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  try {
    if (startsWith(PNG_MAGIC)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: png.data };
    }
    if (startsWith(JPEG_MAGIC)) {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6 });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch (error) {
    throw new EngineError(`${name} is a damaged image: ${(error as Error).message}`, 'input');
  }
  throw new EngineError(`${name} is not a PNG or JPEG image`, 'input');
}
