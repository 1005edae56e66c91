// A tiny app as a user would write it: losskit from npm, no bundler configuration.
import { crossEntropyWithGrad, ready } from 'losskit';

ready().then((backend) => {
  const logits = Float32Array.from([0.5, 0.1, 0.3, 2.0, -1.0, 0.25]);
  const { loss, grad } = crossEntropyWithGrad(logits, Int32Array.from([2, 0]));
  const out = document.getElementById('result');
  out.textContent = JSON.stringify({ backend, loss, grad: Array.from(grad) });
  out.dataset.done = 'true';
});
