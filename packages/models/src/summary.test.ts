import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel } from './create-model.js';
import { SUMMARY_LINE_LENGTH, summary } from './summary.js';


describe('summary', () => {
  it('lists every layer with type, output shape and parameters, then the totals', () => {
    const model = createModel('cnn');
    const text = summary(model);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "cnn"');
    expect(text).toMatch(/Layer \(type\)\s+Output Shape\s+Param #/);
    // conv1: 3*3*1*32 + 32 = 320; dense1: 1600*128 + 128 = 204,928
    expect(text).toMatch(/ conv1 \(Conv2D\)\s+\(None, 26, 26, 32\)\s+320\n/);
    expect(text).toMatch(/ flatten \(Flatten\)\s+\(None, 1600\)\s+0\n/);
    expect(text).toMatch(/ dense1 \(Dense\)\s+\(None, 128\)\s+204,928\n/);
    expect(text).toContain('Total params: 225,034');
    expect(text).toContain('Trainable params: 225,034');
    expect(text).toContain('Non-trainable params: 0');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(SUMMARY_LINE_LENGTH);
    model.dispose();
  });

  it('separates trainable from non-trainable (batch-norm statistics) parameters', () => {
    const model = createModel('cnn-bn');
    const text = summary(model);
    // moving mean + variance of 32 + 48 + 64 + 128 channels
    const nonTrainable = 2 * (32 + 48 + 64 + 128);
    expect(text).toContain(`Non-trainable params: ${nonTrainable}`);
    expect(text).toMatch(/ bn1 \(BatchNormalization\)\s+\(None, 14, 14, 32\)\s+128\n/);
    model.dispose();
  });

  it('creates no tensors', () => {
    const model = createModel('mlp');
    const before = tf.memory().numTensors;
    summary(model);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
