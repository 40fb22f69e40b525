import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import { listModels } from './list-models.js';


describe('listModels', () => {
  it('lists every registered model with a one-line description and its parameter count', () => {
    const before = tf.memory().numTensors;
    const rows = listModels();
    expect(rows.map((r) => r.name)).toEqual(['mlp', 'cnn-small', 'cnn', 'cnn-bn', 'cnn-fast']);
    for (const row of rows) {
      expect(row.description.length).toBeGreaterThan(10);
      expect(row.description).not.toContain('\n');
      const model = createModel(row.name);
      expect(row.parameters).toBe(model.countParams());
      model.dispose();
    }
    expect(rows.find((r) => r.name === 'mlp')?.parameters).toBe(784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns copies the caller cannot use to corrupt the registry', () => {
    const rows = listModels();
    (rows[0] as { parameters: number }).parameters = -1;
    expect(listModels()[0]?.parameters).toBeGreaterThan(0);
  });
});
