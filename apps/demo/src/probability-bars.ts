import { formatPercent } from './format';

/**
 * Ten bars, one per digit, showing the network's probability for each. Each
 * bar is an ARIA meter so screen readers can read the distribution too.
 */
export class ProbabilityBars {
  private readonly rows: { row: HTMLElement; fill: HTMLElement; value: HTMLElement; meter: HTMLElement }[] = [];

  constructor(list: HTMLElement) {
    list.replaceChildren();
    for (let digit = 0; digit < 10; digit += 1) {
      const row = document.createElement('li');
      row.className = 'bar-row';
      const label = document.createElement('span');
      label.className = 'bar-label';
      label.textContent = String(digit);
      const meter = document.createElement('span');
      meter.className = 'bar-track';
      meter.setAttribute('role', 'meter');
      meter.setAttribute('aria-label', `Probability of ${digit}`);
      meter.setAttribute('aria-valuemin', '0');
      meter.setAttribute('aria-valuemax', '100');
      meter.dataset.testid = `prob-${digit}`;
      const fill = document.createElement('span');
      fill.className = 'bar-fill';
      meter.append(fill);
      const value = document.createElement('span');
      value.className = 'bar-value';
      row.append(label, meter, value);
      list.append(row);
      this.rows.push({ row, fill, value, meter });
    }
    this.update(null);
  }

  /** Shows `probabilities` (10 values summing to 1), highlighting `top`; null empties the bars. */
  update(probabilities: ArrayLike<number> | null, top: number | null = null): void {
    this.rows.forEach(({ row, fill, value, meter }, digit) => {
      const p = probabilities ? (probabilities[digit] ?? 0) : 0;
      fill.style.transform = `scaleX(${Math.min(1, Math.max(0, p))})`;
      value.textContent = probabilities ? formatPercent(p) : '';
      meter.setAttribute('aria-valuenow', (p * 100).toFixed(1));
      meter.setAttribute('aria-valuetext', probabilities ? formatPercent(p) : 'no prediction');
      meter.dataset.value = p.toFixed(6);
      row.classList.toggle('is-top', probabilities !== null && digit === top);
    });
  }
}
