import { Writable } from 'node:stream';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '@mnist/test-utils/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../src/render-report-html.js';
import { main } from '../src/main.js';
import { runCli } from './run-cli.js';
import { runInProcess } from './run-in-process.js';
import { TEST_MODEL_EPOCHS, trainTestModel } from './train-test-model.js';

/** Test images the report evaluates on (a subset keeps the test quick). */
const REPORT_TEST_IMAGES = 500;

interface Metadata {
  parameters: number;
  seed: number;
  createdAt: string;
  history: { loss: number[]; acc: number[]; val_loss: number[]; val_acc: number[] };
}

describe('mnist report', () => {
  let dir: string;
  let modelDir: string;
  let html: string;
  let summary: { report: string; charts: string[]; grids: string[]; accuracy: number; loss: number; count: number; misclassified: number };
  let evaluation: { accuracy: number; loss: number; confusionMatrix: number[][]; perClass: { precision: number; recall: number }[] };
  let metadata: Metadata;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnist-report-'));
    modelDir = join(dir, 'model');
    await trainTestModel(modelDir);
    metadata = JSON.parse(readFileSync(join(modelDir, 'metadata.json'), 'utf8')) as Metadata;
    const r = await runCli(['report', modelDir, '--out', join(dir, 'site', 'report.html'), '--limit', String(REPORT_TEST_IMAGES), '--backend', 'cpu', '--json']).done;
    if (r.code !== 0) throw new Error(`mnist report failed (${r.code}): ${r.stderr}`);
    expect(r.stderr).toBe('');
    summary = JSON.parse(r.stdout);
    html = readFileSync(summary.report, 'utf8');
    const e = await runCli(['evaluate', '--model-dir', modelDir, '--limit', String(REPORT_TEST_IMAGES), '--backend', 'cpu', '--json']).done;
    evaluation = JSON.parse(e.stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the HTML and the four charts as SVG files beside it', () => {
    expect(summary.report).toBe(join(dir, 'site', 'report.html'));
    expect(summary.charts.map((c) => c.slice(join(dir, 'site').length + 1)).sort()).toEqual(
      ['report-accuracy.svg', 'report-confusion-matrix.svg', 'report-loss.svg', 'report-per-class.svg'].sort(),
    );
    for (const chart of summary.charts) {
      const svg = readFileSync(chart, 'utf8');
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    }
  });

  it('writes the sample and misclassified digit grids as standalone SVG pictures, digits embedded, linked from the HTML', () => {
    expect(summary.grids.map((g) => g.slice(join(dir, 'site').length + 1))).toEqual(['report-samples.svg', 'report-misclassified.svg']);
    const samples = readFileSync(summary.grids[0]!, 'utf8');
    expect(samples.match(/<image /g)).toHaveLength(30);
    expect(samples).toContain('data:image/png;base64,');
    const mistakes = readFileSync(summary.grids[1]!, 'utf8');
    const shown = Math.min(40, summary.misclassified);
    expect(mistakes.match(/<image /g)).toHaveLength(shown);
    expect(mistakes).toContain(`(${shown} most confident of ${summary.misclassified.toLocaleString('en-US')})`);
    expect(mistakes).toMatch(/true \d → \d/);
    expect(html).toContain('href="report-samples.svg"');
    expect(html).toContain('href="report-misclassified.svg"');
  });

  it('has every section, with the numbers of the model it describes', () => {
    for (const section of REPORT_SECTIONS) expect(html).toContain(`<section id="${section.id}"><h2>${section.title}</h2>`);
    // evaluation: same numbers as mnist evaluate on the same images
    expect(summary.accuracy).toBe(evaluation.accuracy);
    expect(html).toContain(`${(evaluation.accuracy * 100).toFixed(2)}%`);
    expect(html).toContain(evaluation.loss.toFixed(4));
    const wrong = evaluation.confusionMatrix.flat().reduce((a, b) => a + b, 0) - evaluation.confusionMatrix.reduce((s, row, i) => s + row[i]!, 0);
    expect(html).toContain(`${wrong} / ${REPORT_TEST_IMAGES}`);
    // confusion heatmap: every non-zero count is drawn in its cell
    const cellCounts = [...readFileSync(join(dir, 'site', 'report-confusion-matrix.svg'), 'utf8').matchAll(/<title>true (\d), predicted (\d): (\d+)<\/title>/g)];
    expect(cellCounts).toHaveLength(100);
    for (const [, t, p, n] of cellCounts) expect(Number(n)).toBe(evaluation.confusionMatrix[Number(t)]![Number(p)]);
    // per-class table
    for (const c of evaluation.perClass) expect(html).toContain(`<td>${(c.precision * 100).toFixed(2)}%</td><td>${(c.recall * 100).toFixed(2)}%</td>`);
    // learning curves from metadata.json's history (final epoch caption and one point per epoch and series)
    const last = TEST_MODEL_EPOCHS - 1;
    expect(html).toContain(`Final epoch (${TEST_MODEL_EPOCHS}): loss ${metadata.history.loss[last]!.toFixed(4)}`);
    expect(html).toContain(`validation loss ${metadata.history.val_loss[last]!.toFixed(4)}`);
    const loss = readFileSync(join(dir, 'site', 'report-loss.svg'), 'utf8');
    // train and validation at every epoch, plus the test result at the last one
    expect(loss.match(/<circle cx=/g)).toHaveLength(2 * TEST_MODEL_EPOCHS + 1);
    expect(loss).toContain(`<title>test, epoch ${TEST_MODEL_EPOCHS}: ${Number(evaluation.loss.toPrecision(3))}</title>`);
    // sample and misclassified grids: digits as inline PNGs, true/predicted labels on the mistakes
    const samples = html.slice(html.indexOf('<section id="samples">'), html.indexOf('<section id="misclassified">'));
    expect(samples.match(/<img src="data:image\/png;base64,/g)).toHaveLength(30);
    const mistakes = html.slice(html.indexOf('<section id="misclassified">'), html.indexOf('<section id="model-summary">'));
    expect(mistakes).toContain(`${summary.misclassified} of ${REPORT_TEST_IMAGES} test digits are misclassified`);
    expect(mistakes.match(/<figure class="digit wrong"/g)).toHaveLength(Math.min(40, summary.misclassified));
    expect(mistakes).toMatch(/true <b>\d<\/b> &rarr; <span class="pred">\d<\/span>/);
    // model summary and model card
    expect(html).toContain(`Total params: ${metadata.parameters.toLocaleString('en-US')}`);
    expect(html).toContain(`<dt>seed</dt><dd>${metadata.seed}</dd>`);
    expect(html).toContain(`<dd>${metadata.createdAt}</dd>`);
    // self-contained: nothing is fetched from elsewhere
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script|<link /);
  });

  it('renders in Chromium: every section visible, every digit image decoded', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(summary.report).href);
      for (const section of REPORT_SECTIONS) {
        const box = await page.locator(`#${section.id}`).boundingBox();
        expect(box, section.id).not.toBeNull();
        expect(box!.height).toBeGreaterThan(60);
        expect(await page.locator(`#${section.id} h2`).isVisible()).toBe(true);
      }
      const images = await page.evaluate(() => Array.from(document.images, (img) => ({ ok: img.complete && img.naturalWidth > 0, w: img.getBoundingClientRect().width })));
      expect(images.length).toBeGreaterThan(30);
      expect(images.every((i) => i.ok && i.w > 20)).toBe(true);
      const svgs = await page.evaluate(() => Array.from(document.querySelectorAll('svg'), (s) => s.getBoundingClientRect().width));
      expect(svgs).toHaveLength(4);
      expect(svgs.every((w) => w > 200)).toBe(true);
      expect(requests.every((url) => url.startsWith('file:') || url.startsWith('data:'))).toBe(true);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    } finally {
      await browser.close();
    }
  });

  it('per-class table: one number format (percentages) for precision, recall and F1', () => {
    const table = /<table class="per-class">[\s\S]*?<\/table>/.exec(html)![0];
    const rows = [...table.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>[\d,]+<\/td><\/tr>/g)];
    expect(rows).toHaveLength(10);
    for (const row of rows) for (const cell of row.slice(1)) expect(cell).toMatch(/^\d{1,3}\.\d{2}%$/);
    expect(table).not.toMatch(/>0\.\d{3,}</);
    expect(html).toContain('<div class="table-scroll">');
  });

  it('on a 390 px phone: no horizontal page overflow, chart text at least 11 px, a shorter page', async () => {
    const browser = await launchChromium();
    try {
      const measure = async (width: number) => {
        const page = await browser.newPage({ viewport: { width, height: 844 } });
        await page.goto(pathToFileURL(summary.report).href);
        const m = await page.evaluate(() => {
          const sizes = Array.from(document.querySelectorAll('svg text'), (t) => {
            const svg = t.closest('svg')!;
            const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
            return Number.parseFloat(getComputedStyle(t).fontSize) * scale;
          });
          return { scrollWidth: document.scrollingElement!.scrollWidth, height: document.scrollingElement!.scrollHeight, minFont: Math.min(...sizes), texts: sizes.length };
        });
        await page.close();
        return m;
      };
      const phone = await measure(390);
      const desktop = await measure(1280);
      expect(phone.scrollWidth).toBeLessThanOrEqual(390);
      expect(phone.texts).toBeGreaterThan(50);
      expect(phone.minFont).toBeGreaterThanOrEqual(10.9);
      // Digit grids in more columns and less padding: the phone page stays within 3x the desktop one.
      expect(phone.height).toBeLessThan(desktop.height * 3);
      console.log(`report at 390 px: scrollWidth ${phone.scrollWidth}, height ${phone.height}, smallest chart text ${phone.minFont.toFixed(1)} px; at 1280 px: height ${desktop.height}`);
    } finally {
      await browser.close();
    }
  });

  it('--out may name a directory; errors: not a model, a bad --out, no argument', async () => {
    mkdirSync(join(dir, 'out-dir'));
    const r = await runCli(['report', modelDir, '--out', join(dir, 'out-dir'), '--limit', '100', '--samples', '5', '--errors', '5', '--backend', 'cpu']).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Report written to');
    expect(existsSync(join(dir, 'out-dir', 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'out-dir', 'report-loss.svg'))).toBe(true);
    const notModel = await runCli(['report', join(dir, 'site')]).done;
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toContain('is not a model directory: it has no model.json');
    const slash = await runCli(['report', modelDir, '--out', `${join(dir, 'new-dir')}/`, '--limit', '100', '--samples', '5', '--errors', '5', '--backend', 'cpu']).done;
    expect(slash.code).toBe(0);
    expect(existsSync(join(dir, 'new-dir', 'report.html'))).toBe(true);
    const badOut = await runCli(['report', modelDir, '--out', join(dir, 'report.txt')]).done;
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toContain('--out expects a .html file or a directory');
    const none = await runCli(['report']).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expects one model directory');
  });

  // Permission bits stop ordinary users only (root writes anywhere; the /proc case of
  // output-safety.test.ts covers the same probe for root), so this runs in-process as whoever runs the suite.
  it.runIf(process.getuid?.() !== 0)('a read-only model directory: exit 1 before evaluating, naming the directory and --out; nothing written', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'mnist-report-ro-'));
    try {
      const readOnly = join(shared, 'model');
      mkdirSync(readOnly);
      for (const file of readdirSync(modelDir).filter((f) => f === 'model.json' || f === 'metadata.json' || f.endsWith('.bin'))) {
        copyFileSync(join(modelDir, file), join(readOnly, file));
      }
      chmodSync(readOnly, 0o555);
      const before = readdirSync(readOnly).sort();
      let stderr = '';
      const sink = new Writable({ write: (chunk, _e, cb) => { stderr += String(chunk); cb(); } });
      const code = await main(['report', readOnly, '--limit', '100', '--backend', 'cpu'], { stdout: new Writable({ write: (_c, _e, cb) => cb() }), stderr: sink, env: { NO_COLOR: '1' }, cwd: shared });
      expect(code).toBe(1);
      // The directory as the user named it (relative to the working directory), then the place that refused.
      expect(stderr).toContain(`Cannot write the report into model: files cannot be created in ${readOnly} (permission denied)`);
      expect(stderr).toContain('writes into the model directory');
      expect(stderr).toContain('--out');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(readOnly).sort()).toEqual(before);
    } finally {
      chmodSync(join(shared, 'model'), 0o755);
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('a plain tfjs model (no metadata.json) gets a report without curves; a corrupt metadata.json exits 1 naming it', async () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    for (const file of readdirSync(modelDir).filter((f) => f === 'model.json' || f.endsWith('.bin'))) copyFileSync(join(modelDir, file), join(plain, file));
    const r = await runCli(['report', plain, '--limit', '100', '--backend', 'cpu', '--json']).done;
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { report: string; charts: string[] };
    expect(out.charts).toHaveLength(2);
    const page = readFileSync(out.report, 'utf8');
    expect(page).toContain('No training history');
    // A plain tfjs model is recognised from its layers, as mnist summary shows them.
    expect(page).toContain('mlp (recognised from its layers');
    expect(page).not.toContain('unknown');
    const evaluated = await runInProcess(['evaluate', '--model-dir', plain, '--limit', '50', '--backend', 'cpu'], { cwd: dir });
    expect(evaluated.stdout).toContain('mlp (recognised from its layers');
    for (const section of REPORT_SECTIONS) expect(page).toContain(`<section id="${section.id}">`);
    writeFileSync(join(plain, 'metadata.json'), '{ "formatVersion": 1 ');
    const corrupt = await runCli(['report', plain, '--limit', '100', '--backend', 'cpu', '--overwrite']).done;
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('metadata.json');
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help describes the report with examples', async () => {
    const r = await runCli(['report', '--help']).done;
    expect(r.code).toBe(0);
    for (const text of ['--out', 'learning curves', 'confusion-matrix heatmap', 'model card', 'Examples:']) expect(r.stdout).toContain(text);
  });
});
