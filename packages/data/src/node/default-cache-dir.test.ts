import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir } from './default-cache-dir';

describe('defaultCacheDir', () => {
  it('prefers MNIST_CACHE_DIR', () => {
    expect(defaultCacheDir({ MNIST_CACHE_DIR: '/data/cache', XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/data/cache');
  });

  it('follows each OS convention', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe(join('/xdg', 'mnist-ts'));
    expect(defaultCacheDir({}, 'linux', '/home/u')).toBe(join('/home/u', '.cache', 'mnist-ts'));
    expect(defaultCacheDir({}, 'darwin', '/Users/u')).toBe(join('/Users/u', 'Library', 'Caches', 'mnist-ts'));
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe(
      join('C:\\Users\\u\\AppData\\Local', 'mnist-ts', 'Cache'),
    );
  });
});
