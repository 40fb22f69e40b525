import { type AccuracyReport, accuracyReport } from './class-accuracy';
import { drawGrayImage } from './digit-image';
import { formatCount, formatPercent } from './format';
import { sampleImage, type TestSample } from './test-sample';

/** How many random digits the explorer shows at a time. */
export const TILES_PER_PAGE = 24;
/** At most this many misclassified digits are shown at once. */
export const MAX_MISCLASSIFIED_TILES = 60;

export interface ExplorerElements {
  tiles: HTMLElement;
  summary: HTMLElement;
  classAccuracy: HTMLElement;
  shuffle: HTMLButtonElement;
  misclassifiedOnly: HTMLInputElement;
}

/**
 * Random MNIST test digits with the model's reading of each, a filter for the
 * ones it gets wrong, and accuracy per digit class.
 */
export class Explorer {
  private readonly predicted: (number | null | undefined)[];
  private readonly confidence: (number | undefined)[];
  private shown: number[] = [];
  private report: AccuracyReport;

  constructor(
    private readonly sample: TestSample,
    private readonly elements: ExplorerElements,
    private readonly random: () => number = Math.random,
  ) {
    this.predicted = new Array(sample.count).fill(undefined);
    this.confidence = new Array(sample.count).fill(undefined);
    this.report = accuracyReport(sample.labels, this.predicted);
    elements.shuffle.disabled = false;
    elements.shuffle.addEventListener('click', () => this.shuffle());
    elements.misclassifiedOnly.addEventListener('change', () => this.shuffle());
    this.shuffle();
    this.renderStats();
  }

  get accuracy(): AccuracyReport {
    return this.report;
  }

  /** Records predictions for sample positions `start .. start + digits.length - 1`. */
  setPredictions(start: number, results: { digit: number | null; confidence: number }[]): void {
    results.forEach((result, offset) => {
      this.predicted[start + offset] = result.digit;
      this.confidence[start + offset] = result.confidence;
    });
    this.report = accuracyReport(this.sample.labels, this.predicted);
    this.renderTiles();
    this.renderStats();
  }

  /** Picks a new set of digits to show (misclassified ones only when the filter is on). */
  shuffle(): void {
    if (this.elements.misclassifiedOnly.checked) {
      this.shown = this.report.misclassified.slice(0, MAX_MISCLASSIFIED_TILES);
    } else {
      const picked = new Set<number>();
      const want = Math.min(TILES_PER_PAGE, this.sample.count);
      while (picked.size < want) picked.add(Math.floor(this.random() * this.sample.count));
      this.shown = [...picked];
    }
    this.renderTiles(true);
  }

  private renderTiles(rebuild = false): void {
    const { tiles, misclassifiedOnly } = this.elements;
    if (misclassifiedOnly.checked && !rebuild) {
      // New predictions can add mistakes to the filtered view.
      const fresh = this.report.misclassified.slice(0, MAX_MISCLASSIFIED_TILES);
      if (fresh.length !== this.shown.length) {
        this.shown = fresh;
        rebuild = true;
      }
    }
    if (rebuild) {
      tiles.replaceChildren(...this.shown.map((position) => this.createTile(position)));
      if (this.shown.length === 0 && misclassifiedOnly.checked) {
        const empty = document.createElement('li');
        empty.className = 'tiles-empty';
        empty.dataset.testid = 'explorer-empty';
        empty.textContent =
          this.report.evaluated < this.sample.count
            ? 'No mistakes yet — still reading the test digits…'
            : `No mistakes: the model reads all ${formatCount(this.sample.count)} sample digits correctly.`;
        tiles.append(empty);
      }
    }
    for (const tile of tiles.querySelectorAll<HTMLElement>('[data-position]')) this.updateTile(tile);
  }

  private createTile(position: number): HTMLElement {
    const tile = document.createElement('li');
    tile.className = 'tile';
    tile.dataset.testid = 'explorer-tile';
    tile.dataset.position = String(position);
    tile.dataset.label = String(this.sample.labels[position]);
    const canvas = document.createElement('canvas');
    canvas.className = 'tile-image';
    canvas.setAttribute('aria-hidden', 'true');
    drawGrayImage(canvas, { data: sampleImage(this.sample, position), width: this.sample.cols, height: this.sample.rows });
    const caption = document.createElement('span');
    caption.className = 'tile-caption';
    tile.append(canvas, caption);
    return tile;
  }

  private updateTile(tile: HTMLElement): void {
    const position = Number(tile.dataset.position);
    const label = this.sample.labels[position]!;
    const guess = this.predicted[position];
    const caption = tile.querySelector<HTMLElement>('.tile-caption')!;
    const index = this.sample.indices[position];
    if (guess === undefined) {
      tile.dataset.state = 'pending';
      delete tile.dataset.predicted;
      caption.textContent = '…';
      tile.setAttribute('aria-label', `Test image ${index}, labelled ${label}, not read yet`);
      return;
    }
    const right = guess === label;
    tile.dataset.state = right ? 'correct' : 'wrong';
    tile.dataset.predicted = guess === null ? '' : String(guess);
    const confidence = this.confidence[position];
    const read = guess === null ? 'no digit' : String(guess);
    caption.replaceChildren();
    const predictedText = document.createElement('strong');
    predictedText.textContent = read;
    caption.append(predictedText);
    if (!right) {
      const truth = document.createElement('span');
      truth.className = 'tile-truth';
      truth.textContent = `label ${label}`;
      caption.append(truth);
    }
    tile.title = `MNIST test #${index}: labelled ${label}, read as ${read}${confidence === undefined ? '' : ` (${formatPercent(confidence)})`}`;
    tile.setAttribute('aria-label', `Test image ${index}, labelled ${label}, model reads ${read}${right ? '' : ' — wrong'}`);
  }

  private renderStats(): void {
    const { summary, classAccuracy } = this.elements;
    const { evaluated, correct, accuracy, perClass, misclassified } = this.report;
    const total = this.sample.count;
    summary.textContent =
      evaluated < total
        ? `Reading ${formatCount(total)} MNIST test digits in your browser… ${formatCount(evaluated)} done.`
        : `${formatPercent(accuracy, 1)} correct on ${formatCount(total)} MNIST test digits (${formatCount(total - correct)} wrong).`;
    summary.dataset.evaluated = String(evaluated);
    summary.dataset.misclassified = String(misclassified.length);
    if (classAccuracy.children.length !== perClass.length) {
      classAccuracy.replaceChildren(
        ...perClass.map(({ digit }) => {
          const item = document.createElement('li');
          item.className = 'class-acc';
          item.innerHTML = `<span class="class-acc-digit">${digit}</span><span class="class-acc-track"><span class="class-acc-fill"></span></span><span class="class-acc-value"></span>`;
          return item;
        }),
      );
    }
    perClass.forEach((row, digit) => {
      const item = classAccuracy.children[digit] as HTMLElement;
      item.dataset.digit = String(digit);
      item.dataset.accuracy = Number.isNaN(row.accuracy) ? '' : row.accuracy.toFixed(4);
      item.querySelector<HTMLElement>('.class-acc-value')!.textContent = formatPercent(row.accuracy, 0);
      // The bar shows 90-100%: that is where MNIST models differ.
      const shown = Number.isNaN(row.accuracy) ? 0 : Math.max(0, (row.accuracy - 0.9) / 0.1);
      item.querySelector<HTMLElement>('.class-acc-fill')!.style.transform = `scaleY(${shown})`;
      item.title = `Digit ${digit}: ${row.correct} of ${row.total} correct`;
      item.setAttribute('aria-label', `Digit ${digit}: ${formatPercent(row.accuracy)} correct (${row.correct} of ${row.total})`);
    });
  }
}
