import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const rootDir = dirname(benchDir);
export const distEsm = join(rootDir, 'packages', 'core', 'dist', 'index.js');
export const distCjs = join(rootDir, 'packages', 'core', 'dist', 'index.cjs');
export const distEsmUrl = pathToFileURL(distEsm).href;
export const benchFile = (name) => join(benchDir, name);
