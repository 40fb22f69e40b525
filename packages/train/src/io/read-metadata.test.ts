import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptModelError } from './corrupt-model-error.js';
import { MetadataNotFoundError } from './metadata-not-found-error.js';
import { readMetadata } from './read-metadata.js';
import { sampleMetadata } from './sample-metadata.fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-meta-'));
  await mkdir(dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readMetadata', () => {
  it('returns the metadata written beside the model', async () => {
    const metadata = sampleMetadata('cnn', 123);
    await writeFile(join(dir, 'metadata.json'), JSON.stringify(metadata));
    expect(await readMetadata(dir)).toEqual(metadata);
  });

  it('throws MetadataNotFoundError naming the file when it is missing', async () => {
    const error = await readMetadata(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(MetadataNotFoundError);
    expect((error as Error).message).toContain(join(dir, 'metadata.json'));
  });

  it.each([
    ['not JSON', '{"formatVersion":', /does not parse/],
    ['an array', '[]', /found an array/],
    ['another format version', JSON.stringify({ ...sampleMetadata('cnn', 1), formatVersion: 2 }), /formatVersion 1 .* found 2/],
    ['a missing field', JSON.stringify({ ...sampleMetadata('cnn', 1), architecture: undefined }), /"architecture" of type string .* found undefined/],
  ])('throws CorruptModelError for %s', async (_, text, message) => {
    await writeFile(join(dir, 'metadata.json'), text);
    const error = await readMetadata(dir).catch((e: Error) => e);
    expect(error).toBeInstanceOf(CorruptModelError);
    expect((error as Error).message).toMatch(message);
  });
});
