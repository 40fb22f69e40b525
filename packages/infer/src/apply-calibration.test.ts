import { describe, expect, it } from 'vitest';
import { applyCalibration, parseCalibration } from './apply-calibration.js';

describe('applyCalibration', () => {
  it('is softmax(logits / T): T > 1 softens, T < 1 sharpens, the order stays', () => {
    const logits = [2, 0.5, -1];
    const softmax = (z: number[]) => {
      const e = z.map((v) => Math.exp(v));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    };
    for (const temperature of [0.5, 1.7]) {
      const p = Float32Array.from([...softmax(logits), ...softmax(logits.map((v) => -v))]);
      applyCalibration(p, 2, 3, { method: 'temperature', temperature });
      const expected = [...softmax(logits.map((v) => v / temperature)), ...softmax(logits.map((v) => -v / temperature))];
      for (const [i, v] of expected.entries()) expect(p[i]).toBeCloseTo(v, 6);
    }
    const p = Float32Array.from(softmax(logits));
    applyCalibration(p, 1, 3, { method: 'temperature', temperature: 2 });
    expect(p[0]).toBeLessThan(softmax(logits)[0]!);
    expect(p[0]).toBeGreaterThan(p[1]!);
  });

  it('leaves rows alone without a calibration and survives zeros', () => {
    const p = Float32Array.from([1, 0, 0]);
    applyCalibration(p, 1, 3, undefined);
    expect(Array.from(p)).toEqual([1, 0, 0]);
    applyCalibration(p, 1, 3, { method: 'temperature', temperature: 3 });
    expect(p[0]).toBeCloseTo(1, 6);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
  });

  it('parses only a finite positive temperature', () => {
    expect(parseCalibration({ method: 'temperature', temperature: 1.4, fittedOn: 'validation' })).toEqual({ method: 'temperature', temperature: 1.4 });
    expect(parseCalibration({ method: 'temperature', temperature: 0 })).toBeUndefined();
    expect(parseCalibration({ method: 'isotonic' })).toBeUndefined();
    expect(parseCalibration(null)).toBeUndefined();
  });
});
