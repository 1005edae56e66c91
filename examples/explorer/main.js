// The loss explorer: every number on the page is computed by losskit itself (the package's dist/browser.js,
// mapped as 'losskit' by the page's import map).
import { defaultBackend, ready } from 'losskit';
import { setupBench } from './bench.js';
import { setupClasses } from './classes.js';
import { setupCurves } from './curves.js';
import { setupScoring } from './scoring.js';

await ready();
document.getElementById('backend').textContent = defaultBackend();
setupCurves(document.getElementById('curves'));
setupClasses(document.getElementById('classes'));
setupScoring(document.getElementById('scoring'));
setupBench(document.getElementById('bench'));
document.body.dataset.ready = 'true';
