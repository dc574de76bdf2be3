// The softmax output and categorical cross-entropy loss of a classifier, forward and
// backward in one pass over the (batch x classes) logits. It reproduces tfjs-layers'
// chain op for op, including the parts whose gradient is not the textbook `p - y`:
//   p = softmax(z)
//   r = clip(p, ε, 1−ε)              (sparse_categorical_crossentropy only: it clips first)
//   q = clip(r / Σr, ε, 1−ε)         (categoricalCrossentropy rescales rows to sum to 1)
//   loss = mean over rows of −Σ y·log q
// A clipped value passes no gradient, exactly as tfjs's ClipByValue gradient (bounds inclusive).

const f32 = Math.fround;

export interface SoftmaxCrossEntropyResult {
  /** Mean loss over the rows. */
  loss: number;
  /** Softmax outputs, rows x classes (what the model predicts). */
  probabilities: Float32Array;
}

/**
 * `logits` rows x classes; `targets` rows x classes (one-hot or any distribution);
 * `epsilon` the backend's (1e-7 in float32). Writes ∂loss/∂logits into `gradient`.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  targets: Float32Array,
  classes: number,
  clipBeforeRescale: boolean,
  epsilon: number,
  gradient: Float32Array,
): SoftmaxCrossEntropyResult {
  const rows = logits.length / classes;
  const low = f32(epsilon);
  const high = f32(1 - epsilon);
  const probabilities = new Float32Array(logits.length);
  const clipped = new Float64Array(classes);
  const dq = new Float64Array(classes);
  let lossSum = 0;
  for (let row = 0; row < rows; row++) {
    const base = row * classes;
    // Softmax, shifted by the row maximum for stability.
    let max = -Infinity;
    for (let j = 0; j < classes; j++) max = Math.max(max, logits[base + j]);
    let expSum = 0;
    for (let j = 0; j < classes; j++) {
      const e = Math.exp(logits[base + j] - max);
      probabilities[base + j] = e;
      expSum += e;
    }
    for (let j = 0; j < classes; j++) probabilities[base + j] /= expSum;

    // r (optionally clipped p), its row sum, then q = clip(r / sum).
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const p = probabilities[base + j];
      const r = clipBeforeRescale ? Math.min(Math.max(p, low), high) : p;
      clipped[j] = r;
      sum += r;
    }
    sum = f32(sum);
    let rowLoss = 0;
    let dqDotR = 0;
    for (let j = 0; j < classes; j++) {
      const scaled = f32(clipped[j] / sum);
      const q = Math.min(Math.max(scaled, low), high);
      const y = targets[base + j];
      if (y !== 0) rowLoss -= y * Math.log(q);
      // ∂loss/∂q (the 1/rows of the mean included), zero where the clip cut q off.
      dq[j] = scaled >= low && scaled <= high && y !== 0 ? -y / (q * rows) : 0;
      dqDotR += dq[j] * clipped[j];
    }
    lossSum += rowLoss;

    // Through r / Σr: ∂/∂r_j = dq_j/Σr − (Σ_i dq_i r_i)/Σr²; then through the first clip.
    let dpDotP = 0;
    for (let j = 0; j < classes; j++) {
      const p = probabilities[base + j];
      let dr = dq[j] / sum - dqDotR / (sum * sum);
      if (clipBeforeRescale && (p < low || p > high)) dr = 0;
      clipped[j] = dr;
      dpDotP += dr * p;
    }
    // Softmax backward: ∂z_j = p_j (∂p_j − Σ_i ∂p_i p_i).
    for (let j = 0; j < classes; j++) {
      const p = probabilities[base + j];
      gradient[base + j] = p * (clipped[j] - dpDotP);
    }
  }
  return { loss: lossSum / rows, probabilities };
}
