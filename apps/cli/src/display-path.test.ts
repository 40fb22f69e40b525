import { describe, expect, it } from 'vitest';
import { displayPath } from './display-path.js';

describe('displayPath', () => {
  it('shows paths inside the working directory relative to it', () => {
    expect(displayPath('/home/ada/project/models/cnn', '/home/ada/project')).toBe('models/cnn');
    expect(displayPath('/home/ada/project', '/home/ada/project')).toBe('.');
  });

  it('shows paths outside the working directory absolute, not as ../..', () => {
    expect(displayPath('/tmp/model', '/home/ada/project')).toBe('/tmp/model');
    expect(displayPath('/home/ada/other/model', '/home/ada/project')).toBe('/home/ada/other/model');
  });

  it('keeps a sibling whose name starts with two dots relative', () => {
    expect(displayPath('/home/ada/project/..models', '/home/ada/project')).toBe('..models');
  });
});
