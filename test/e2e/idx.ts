// Cutting IDX files (the MNIST format) into smaller valid IDX files.

/**
 * Samples [start, start + count) of an IDX file, as a valid IDX file: the header is the
 * magic number, then one big-endian uint32 per dimension (the first is the sample count).
 */
export function sliceIdx(idx: Buffer, start: number, count: number): Buffer {
  const dimensions = idx[3];
  const headerBytes = 4 + 4 * dimensions;
  let sampleBytes = 1;
  for (let d = 1; d < dimensions; d++) sampleBytes *= idx.readUInt32BE(4 + 4 * d);
  const available = idx.readUInt32BE(4);
  if (start + count > available) throw new Error(`the IDX file has ${available} samples, fewer than the ${start + count} asked for`);
  const header = Buffer.from(idx.subarray(0, headerBytes));
  header.writeUInt32BE(count, 4);
  return Buffer.concat([header, idx.subarray(headerBytes + start * sampleBytes, headerBytes + (start + count) * sampleBytes)]);
}
