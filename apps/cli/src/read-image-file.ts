import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type DecodedImage, decodeImage } from './decode-image.js';
import { UnreadableImageError } from './image-errors.js';

/**
 * Reads and decodes the image at `path` (relative to `cwd`).
 * @throws UnreadableImageError (missing, a directory, unreadable), UnsupportedImageError, CorruptImageError
 */
export async function readImageFile(path: string, cwd = process.cwd()): Promise<DecodedImage> {
  const full = resolve(cwd, path);
  let bytes: Uint8Array;
  try {
    const info = await stat(full);
    if (info.isDirectory()) {
      throw new UnreadableImageError(path, `${path} is a directory, expected an image file. Pass the images inside it, e.g. ${path}/*.png.`);
    }
    bytes = await readFile(full);
  } catch (error) {
    if (error instanceof UnreadableImageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : `cannot be read (${(error as Error).message})`;
    throw new UnreadableImageError(path, `${path} ${reason}. Check the path to the image.`, { cause: error });
  }
  return decodeImage(bytes, path);
}
