import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, temperatureNll, thresholdTable } from './calibration-metrics.js';

describe('calibration metrics', () => {
  it('ECE is 0 when confidence matches accuracy per bin and grows with the gap', () => {
    const honest = [...Array(8)].map((_, i) => ({ confidence: 0.75, correct: i < 6 }));
    expect(expectedCalibrationError(honest)).toBeCloseTo(0, 10);
    const overconfident = [...Array(10)].map((_, i) => ({ confidence: 0.99, correct: i < 8 }));
    expect(expectedCalibrationError(overconfident)).toBeCloseTo(0.19, 10);
    // Two bins: |1 - 0.9| * 0.5 + |0 - 0.3| * 0.5
    expect(expectedCalibrationError([{ confidence: 0.9, correct: true }, { confidence: 0.3, correct: false }])).toBeCloseTo(0.2, 10);
  });

  it('threshold table: share answered and accuracy of the answered', () => {
    const answers = [
      { confidence: 0.99, correct: true },
      { confidence: 0.96, correct: true },
      { confidence: 0.6, correct: false },
      { confidence: 0, correct: false }, // no digit found
    ];
    const [all, , , , , t95] = thresholdTable(answers);
    expect(all).toEqual({ threshold: 0, answered: 0.75, accuracy: 2 / 3 });
    expect(t95).toEqual({ threshold: 0.95, answered: 0.5, accuracy: 1 });
  });

  it('fits the temperature that generated the labels', () => {
    // Logits z = [2, 0, 0]: with true temperature 2, class 0 has probability e^1 / (e^1 + 2).
    const t = 2;
    const p0 = Math.exp(1) / (Math.exp(1) + 2);
    const n = 3000;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i < Math.round(p0 * n) ? 0 : 1 + (i % 2)));
    const softmax = [Math.exp(2), 1, 1].map((v) => v / (Math.exp(2) + 2));
    const probabilities = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) probabilities.set(softmax, i * 3);
    const fitted = fitTemperature(probabilities, labels, 3);
    expect(fitted).toBeCloseTo(t, 1);
    expect(temperatureNll(probabilities, labels, 3, fitted)).toBeLessThan(temperatureNll(probabilities, labels, 3, 1));
  });
});
