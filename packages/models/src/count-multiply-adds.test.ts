import { describe, expect, it } from 'vitest';
import { countMultiplyAdds } from './count-multiply-adds.js';
import { createModel } from './create-model.js';


describe('countMultiplyAdds', () => {
  it('counts conv (output pixels × kernel volume × filters) and dense (inputs × units) work', () => {
    const model = createModel('cnn-small');
    const conv1 = 26 * 26 * (3 * 3 * 1) * 32;
    const conv2 = 11 * 11 * (3 * 3 * 32) * 64;
    const dense = 1600 * 64 + 64 * 10;
    expect(countMultiplyAdds(model)).toBe(conv1 + conv2 + dense);
    model.dispose();
  });

  it('keeps cnn-bn within the cost of the tutorial CNN', () => {
    const cnnBn = createModel('cnn-bn');
    const cnn = createModel('cnn');
    const cost = countMultiplyAdds(cnnBn);
    expect(cost).toBe(28 * 28 * 9 * 32 + 12 * 12 * 9 * 32 * 48 + 4 * 4 * 9 * 48 * 64 + 1024 * 128 + 128 * 10);
    expect(cost).toBeLessThan(1.1 * countMultiplyAdds(cnn));
    cnnBn.dispose();
    cnn.dispose();
  });

  it('makes cnn-fast less than half as costly as cnn-small', () => {
    const fast = createModel('cnn-fast');
    const small = createModel('cnn-small');
    const cost = countMultiplyAdds(fast);
    expect(cost).toBe(24 * 24 * 25 * 16 + 8 * 8 * (25 * 16) * 32 + 512 * 64 + 64 * 10);
    expect(cost).toBeLessThan(0.5 * countMultiplyAdds(small));
    fast.dispose();
    small.dispose();
  });
});
