// The README's quick-start, type-checked by `npm test` (tsc) and run by test/api.test.ts.
import { crossEntropy, crossEntropyWithGrad, createLosskit, LosskitError, mseLossWithGrad } from 'losskit';

export async function quickstart(): Promise<number> {
  // logits for 2 samples × 3 classes, and their class indices
  const logits = Float32Array.from([2.0, 1.0, 0.1, 0.5, 2.5, -1.0]);
  const labels = Int32Array.from([0, 1]);

  const loss = crossEntropy(logits, labels); // a number: mean over the batch
  const grad = new Float32Array(logits.length); // reuse one buffer in a hot loop
  crossEntropyWithGrad(logits, labels, { labelSmoothing: 0.1, out: grad });

  const { loss: mse, grad: dmse } = mseLossWithGrad(Float64Array.of(1, 2), Float64Array.of(0, 0), { reduction: 'sum' });

  const js = await createLosskit({ backend: 'js' }); // or 'wasm', or 'auto' (the default)
  const same = js.crossEntropy(logits, labels);

  try {
    crossEntropy(logits, Int32Array.from([0, 3])); // class 3 does not exist
  } catch (err) {
    if (err instanceof LosskitError) console.log(err.argument, err.message); // target[1]: class index 3 is out of range …
  }
  return loss + mse + dmse[0] + same;
}
