import { describe, expect, it } from 'vitest';
import { replaceEmbeddedManifest } from './run-release.js';
import { ReleaseError } from './release-errors.js';

const GENERATED = `import type { BundledModel } from './bundled-model.js';

export const DEFAULT_MODEL: BundledModel = {
  manifest: {
    "formatVersion": 1,
    "metrics": {
      "testAccuracy": 0.5
    }
  },
  modelTopology: {"class_name":"Sequential"},
  weightSpecs: [],
  weightsBase64:
    'AAAA',
};
`;

describe('replaceEmbeddedManifest', () => {
  it('replaces only the manifest literal of a generated default-model.ts', () => {
    const out = replaceEmbeddedManifest(GENERATED, { formatVersion: 1, modelVersion: '1.5.0' });
    expect(out).toContain('  manifest: {\n    "formatVersion": 1,\n    "modelVersion": "1.5.0"\n  },\n  modelTopology: {"class_name":"Sequential"},');
    expect(out).not.toContain('testAccuracy');
    expect(out).toContain("weightsBase64:\n    'AAAA',");
  });

  it('refuses a module whose layout it does not know', () => {
    expect(() => replaceEmbeddedManifest('export const X = 1;\n', {})).toThrow(ReleaseError);
  });
});
