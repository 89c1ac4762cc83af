import { UsageError } from '../errors.js';

// SI units are powers of 1000 (kB, MB, GB), IEC units powers of 1024 (KiB, MiB, GiB), as most tools now read them.
// A single letter (K, M, G) is binary, as logrotate's `size 100M` and pm2's `10M` are. A bare number is bytes.
const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};
const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;

/** The help text's sentence on size units. */
export const SIZE_UNITS_HELP = 'sizes: 10MB = 10^6 bytes (kB, MB, GB), 512KiB = 512 x 2^10 (KiB, MiB, GiB), 100M = 100MiB, a bare number is bytes';

/**
 * A size in whole bytes from `10MB` (10^6), `512KiB` (2^10 each), `100M` (MiB) or a bare number of bytes.
 * @example parseSize('1.5KiB') // 1536
 */
export function parseSize(text: string): number {
  const m = SIZE.exec(text.trim());
  const unit = m ? UNIT_BYTES[(m[2] ?? '').toLowerCase() || 'b'] : undefined;
  if (!m || unit === undefined) {
    throw new UsageError(`expected a size such as 10MB, 512KiB or 100M (a bare number is bytes), got ${JSON.stringify(text)}`);
  }
  return Math.round(Number(m[1]) * unit);
}
