import { type BackendName, BUNDLED_MODEL_MANIFEST, loadRecognizer, preprocess, type Recognizer } from '@mnist/infer';
import { debounce } from './debounce';
import { clearGrayImage, drawGrayImage } from './digit-image';
import { required } from './dom';
import { DrawPad } from './draw-pad';
import { Explorer } from './explorer';
import { formatMilliseconds, formatPercent, median } from './format';
import { describeModel, renderModelFacts, setFact } from './model-facts';
import { type BoxedDigit, clearOverlay, drawDigitBoxes } from './number-overlay';
import { penWidthFor } from './pen-width';
import { ProbabilityBars } from './probability-bars';
import { isSoftwareRenderer, webglRenderer } from './software-webgl';
import { loadTestSample, sampleImage, type TestSample } from './test-sample';
import { WASM_PATHS } from './wasm-paths';

/** Quiet time (ms) after the last pen movement before the live prediction runs. */
const LIVE_PREDICTION_DELAY_MS = 90;
/** Backing-store size (px) of the pad in each mode; CSS scales it to the screen. */
const PAD_SIZE = {
  digit: { width: 560, height: 560 },
  number: { width: 1200, height: 480 },
} as const;
/** Test digits per classifyBatch call while the explorer reads its sample. */
const EXPLORER_BATCH_SIZE = 100;
/** How many recent single-digit timings the model panel's median covers. */
const TIMING_WINDOW = 25;
/** Where the build puts the explorer's test sample, relative to the page. */
const SAMPLE_URL = 'data/mnist-test-sample.bin.gz';

type Mode = keyof typeof PAD_SIZE;

/** Backends a visitor may pick (`?backend=wasm`); anything else means automatic. */
const CHOOSABLE_BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

function requestedBackend(): BackendName | undefined {
  const value = new URLSearchParams(location.search).get('backend');
  return CHOOSABLE_BACKENDS.find((name) => name === value);
}

const elements = {
  status: required('#status'),
  statusText: required('#status-text'),
  padWrap: required('#pad-wrap'),
  pad: required<HTMLCanvasElement>('#pad'),
  overlay: required<HTMLCanvasElement>('#pad-overlay'),
  hint: required('#pad-hint'),
  readout: required('#readout'),
  undo: required<HTMLButtonElement>('#undo'),
  clear: required<HTMLButtonElement>('#clear'),
  digitResult: required('#digit-result'),
  prediction: required<HTMLOutputElement>('#prediction'),
  confidence: required('#confidence'),
  reason: required('#reason'),
  seen: required<HTMLCanvasElement>('#seen'),
  bars: required('#bars'),
  numberResult: required('#number-result'),
  number: required<HTMLOutputElement>('#number'),
  numberReason: required('#number-reason'),
  numberDigits: required('#number-digits'),
  explorerSummary: required('#explorer-summary'),
  tiles: required('#tiles'),
  classAccuracy: required('#class-accuracy'),
  shuffle: required<HTMLButtonElement>('#shuffle'),
  misclassifiedOnly: required<HTMLInputElement>('#misclassified-only'),
  backendChoice: required<HTMLSelectElement>('#backend-choice'),
  offlineNote: required('#offline-note'),
};

let mode: Mode = 'digit';
let recognizer: Recognizer | undefined;
/** Bumped by every prediction request and every reset; a result whose token is stale is dropped. */
let latestRequest = 0;
/** How many times the result panel has been redrawn (a hook for tests and curious readers). */
let resultUpdates = 0;
const singleDigitTimesMs: number[] = [];
let batchTimePerDigitMs = Number.NaN;

const pad = new DrawPad(elements.pad, { penWidth: penWidthFor(PAD_SIZE.digit.height) });
const bars = new ProbabilityBars(elements.bars);
const predictSoon = debounce(() => void predict(), LIVE_PREDICTION_DELAY_MS);

pad.onChange((change) => {
  syncControls();
  if (pad.isEmpty) {
    predictSoon.cancel();
    latestRequest += 1;
    showNothing();
    return;
  }
  predictSoon();
  if (change === 'stroke-end' || change === 'undo') predictSoon.flush();
});

elements.undo.addEventListener('click', () => pad.undo());
elements.clear.addEventListener('click', () => {
  pad.clear();
  elements.pad.focus();
});

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
  radio.addEventListener('change', () => {
    if (radio.checked) setMode(radio.value as Mode);
  });
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  if (target?.closest('input[type="text"], input[type="search"], input[type="number"], select, textarea, [contenteditable="true"]')) return;
  const key = event.key;
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && key.toLowerCase() === 'z') {
    event.preventDefault();
    pad.undo();
  } else if (key === 'Backspace' && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    pad.undo();
  } else if ((key === 'Escape' || key === 'Delete') && !event.ctrlKey && !event.metaKey && !event.altKey) {
    if (pad.isEmpty) return;
    event.preventDefault();
    pad.clear();
  }
});

elements.backendChoice.value = requestedBackend() ?? '';
elements.backendChoice.addEventListener('change', () => {
  const url = new URL(location.href);
  if (elements.backendChoice.value) url.searchParams.set('backend', elements.backendChoice.value);
  else url.searchParams.delete('backend');
  location.assign(url);
});

function syncControls(): void {
  elements.undo.disabled = pad.isEmpty;
  elements.clear.disabled = pad.isEmpty;
  elements.padWrap.dataset.empty = String(pad.isEmpty);
}

function setMode(next: Mode): void {
  if (next === mode) return;
  mode = next;
  const size = PAD_SIZE[mode];
  elements.padWrap.dataset.mode = mode;
  elements.overlay.width = size.width;
  elements.overlay.height = size.height;
  pad.resize(size.width, size.height, penWidthFor(size.height));
  pad.clear();
  elements.hint.textContent = mode === 'digit' ? 'Draw a digit here' : 'Write a number here, digits side by side';
  elements.pad.setAttribute(
    'aria-label',
    mode === 'digit'
      ? 'Drawing pad. Draw a digit with your mouse, finger or pen. Undo: Control+Z or Backspace. Clear: Escape.'
      : 'Drawing pad. Write a number, digits side by side. Undo: Control+Z or Backspace. Clear: Escape.',
  );
  elements.digitResult.hidden = mode !== 'digit';
  elements.numberResult.hidden = mode !== 'number';
  showNothing();
}

/** The compact answer next to the buttons (shown on narrow screens). */
function setReadout(text: string, detail = ''): void {
  elements.readout.dataset.empty = String(text === '');
  const value = document.createElement('strong');
  value.textContent = text;
  const small = document.createElement('span');
  small.textContent = detail;
  elements.readout.replaceChildren(value, small);
}

function markUpdated(): void {
  resultUpdates += 1;
  document.body.dataset.resultUpdates = String(resultUpdates);
}

/** The empty state: no digit, empty bars, nothing seen. */
function showNothing(): void {
  elements.prediction.textContent = '';
  elements.confidence.innerHTML = '&nbsp;';
  elements.reason.textContent = recognizer ? 'No digit yet: draw one on the pad.' : 'Draw a digit — the model is still loading.';
  bars.update(null);
  clearGrayImage(elements.seen);
  elements.number.textContent = '';
  elements.numberReason.textContent = 'Write a number with two or more digits side by side.';
  elements.numberDigits.replaceChildren();
  clearOverlay(elements.overlay);
  setReadout('');
  markUpdated();
}

async function predict(): Promise<void> {
  const current = recognizer;
  if (!current || pad.isEmpty) return;
  const token = ++latestRequest;
  const resultPanel = mode === 'digit' ? elements.digitResult : elements.numberResult;
  resultPanel.setAttribute('aria-busy', 'true');
  try {
    if (mode === 'digit') {
      const started = performance.now();
      const result = await current.classify(pad.canvas);
      const elapsed = performance.now() - started;
      if (token !== latestRequest) return;
      recordTiming(elapsed);
      const seen = preprocess(pad.canvas);
      showDigit(result, seen.pixels);
    } else {
      const reading = await current.readDigits(pad.canvas);
      if (token !== latestRequest) return;
      showNumber(reading.text, reading.digits);
    }
  } catch (error) {
    if (token !== latestRequest) return;
    console.error(error);
    elements.prediction.textContent = '';
    elements.reason.textContent = `Could not read the drawing: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    if (token === latestRequest) {
      resultPanel.removeAttribute('aria-busy');
      markUpdated();
    }
  }
}

function showDigit(result: { digit: number | null; confidence: number; probabilities: ArrayLike<number>; reason?: string }, seen: ArrayLike<number>): void {
  drawGrayImage(elements.seen, { data: seen, width: 28, height: 28 });
  if (result.digit === null) {
    elements.prediction.textContent = '';
    elements.confidence.textContent = 'No digit';
    elements.reason.textContent = result.reason ? `Nothing to read (${result.reason}).` : 'Nothing to read yet.';
    bars.update(null);
    setReadout('');
    return;
  }
  setReadout(String(result.digit), formatPercent(result.confidence, 0));
  elements.prediction.textContent = String(result.digit);
  elements.confidence.textContent = `${formatPercent(result.confidence)} sure`;
  elements.reason.textContent = describeConfidence(result.digit, result.confidence, result.probabilities);
  bars.update(result.probabilities, result.digit);
}

function describeConfidence(digit: number, confidence: number, probabilities: ArrayLike<number>): string {
  let runnerUp = -1;
  for (let d = 0; d < 10; d += 1) {
    if (d !== digit && (runnerUp < 0 || probabilities[d]! > probabilities[runnerUp]!)) runnerUp = d;
  }
  if (confidence >= 0.9) return `Clearly a ${digit}.`;
  if (confidence >= 0.6) return `Probably a ${digit}; a ${runnerUp} is the next best guess.`;
  return `Unsure: a ${digit} or a ${runnerUp}? Try writing it larger or more clearly.`;
}

function showNumber(text: string, digits: readonly BoxedDigit[]): void {
  elements.number.textContent = text;
  setReadout(text);
  elements.numberReason.textContent =
    digits.length === 0
      ? 'No digits found yet.'
      : `${digits.length} digit${digits.length === 1 ? '' : 's'} found, read left to right.`;
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim() || '#f59e0b';
  drawDigitBoxes(elements.overlay, digits, accent);
  elements.numberDigits.replaceChildren(
    ...digits.map(({ digit, confidence, box }) => {
      const item = document.createElement('li');
      item.className = 'number-digit';
      const canvas = document.createElement('canvas');
      canvas.setAttribute('aria-hidden', 'true');
      const crop = cropCanvas(pad.canvas, box);
      if (crop) drawGrayImage(canvas, { data: preprocess(crop).pixels, width: 28, height: 28 });
      const value = document.createElement('strong');
      value.textContent = digit === null ? '?' : String(digit);
      const sure = document.createElement('span');
      sure.textContent = formatPercent(confidence, 0);
      item.append(canvas, value, sure);
      item.setAttribute('aria-label', `${digit === null ? 'unreadable' : digit}, ${formatPercent(confidence, 0)} sure`);
      return item;
    }),
  );
}

/** A copy of one region of the pad, with a margin, for showing what the network saw of each digit. */
function cropCanvas(source: HTMLCanvasElement, box: BoxedDigit['box']): HTMLCanvasElement | null {
  const margin = Math.round(Math.max(box.width, box.height) * 0.15);
  const x = Math.max(0, Math.floor(box.x - margin));
  const y = Math.max(0, Math.floor(box.y - margin));
  const width = Math.min(source.width - x, Math.ceil(box.width + margin * 2));
  const height = Math.min(source.height - y, Math.ceil(box.height + margin * 2));
  if (width < 1 || height < 1) return null;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.drawImage(source, x, y, width, height, 0, 0, width, height);
  return canvas;
}

function recordTiming(ms: number): void {
  singleDigitTimesMs.push(ms);
  if (singleDigitTimesMs.length > TIMING_WINDOW) singleDigitTimesMs.shift();
  renderTimings();
}

function renderTimings(): void {
  const drawn = singleDigitTimesMs.length > 0 ? median(singleDigitTimesMs) : Number.NaN;
  const batched = Number.isFinite(batchTimePerDigitMs) ? `${formatMilliseconds(batchTimePerDigitMs)} each in batches of ${EXPLORER_BATCH_SIZE}` : undefined;
  if (Number.isFinite(drawn)) setFact('#inference-time', formatMilliseconds(drawn), `for your drawing (median)${batched ? `; ${batched}` : ''}`);
  else if (batched) setFact('#inference-time', formatMilliseconds(batchTimePerDigitMs), `each, in batches of ${EXPLORER_BATCH_SIZE} test digits`);
  else setFact('#inference-time', '—');
}

function setStatus(state: 'loading' | 'ready' | 'error', text: string): void {
  elements.status.dataset.state = state;
  elements.statusText.textContent = text;
  document.body.dataset.model = state;
}

async function readExplorerSample(current: Recognizer, sample: TestSample, explorer: Explorer): Promise<void> {
  let spentMs = 0;
  for (let start = 0; start < sample.count; start += EXPLORER_BATCH_SIZE) {
    const end = Math.min(sample.count, start + EXPLORER_BATCH_SIZE);
    const inputs = [];
    for (let i = start; i < end; i += 1) {
      inputs.push({ data: sampleImage(sample, i), width: sample.cols, height: sample.rows, channels: 1 as const });
    }
    const started = performance.now();
    const results = await current.classifyBatch(inputs);
    spentMs += performance.now() - started;
    explorer.setPredictions(start, results);
    batchTimePerDigitMs = spentMs / end;
    renderTimings();
    // Let the page breathe between batches so drawing stays smooth.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  document.body.dataset.explorer = 'done';
}

/** Why the page chose the backend itself, if it did (shown in the model panel). */
let backendNote: string | undefined;

/**
 * Loads the recogniser on the backend the visitor asked for; otherwise lets
 * @mnist/infer choose, except on software-rendered WebGL, where wasm is faster.
 */
async function loadModel(): Promise<Recognizer> {
  const requested = requestedBackend();
  // @mnist/infer brings only the wasm backend to browsers; the full tfjs registers webgl and cpu.
  if (requested === 'webgl' || requested === 'cpu') await import('@tensorflow/tfjs');
  if (requested) return loadRecognizer({ wasmPaths: WASM_PATHS, backend: requested });
  if (isSoftwareRenderer(webglRenderer())) {
    try {
      const fast = await loadRecognizer({ wasmPaths: WASM_PATHS, backend: 'wasm' });
      backendNote = 'CPU, via WebAssembly: faster here than software WebGL';
      return fast;
    } catch (error) {
      console.warn('The wasm backend failed; letting @mnist/infer choose.', error);
    }
  }
  return loadRecognizer({ wasmPaths: WASM_PATHS });
}

async function start(): Promise<void> {
  syncControls();
  showNothing();
  setStatus('loading', 'Loading the model…');
  const samplePromise = loadTestSample(new URL(SAMPLE_URL, document.baseURI));
  samplePromise.catch(() => {});
  try {
    recognizer = await loadModel();
  } catch (error) {
    console.error(error);
    setStatus('error', 'The model could not load');
    const message = error instanceof Error ? error.message : String(error);
    elements.reason.textContent = `The model could not load: ${message}${requestedBackend() ? ' Choose “Automatic” under “The model” to let the page pick a backend that works.' : ''}`;
    return;
  }
  setStatus('ready', `Model ready · ${recognizer.backend}`);
  renderModelFacts(describeModel(recognizer, BUNDLED_MODEL_MANIFEST), undefined, backendNote);
  if (pad.isEmpty) showNothing();
  else void predict();

  let sample: TestSample;
  try {
    sample = await samplePromise;
  } catch (error) {
    console.error(error);
    elements.explorerSummary.textContent = `The test digits could not load: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  const explorer = new Explorer(sample, {
    tiles: elements.tiles,
    summary: elements.explorerSummary,
    classAccuracy: elements.classAccuracy,
    shuffle: elements.shuffle,
    misclassifiedOnly: elements.misclassifiedOnly,
  });
  await readExplorerSample(recognizer, sample, explorer);
  renderModelFacts(describeModel(recognizer, BUNDLED_MODEL_MANIFEST), explorer.accuracy, backendNote);
}

/** Registers the build's service worker, which keeps every file so the page works offline next time. */
function enableOffline(): void {
  if (!__DEMO_OFFLINE__ || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker
    .register('./sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      document.body.dataset.offline = 'ready';
      elements.offlineNote.textContent = 'Saved for offline use: this page now works without a network.';
    })
    .catch((error: unknown) => console.warn('Offline support is unavailable:', error));
}

enableOffline();
void start();
