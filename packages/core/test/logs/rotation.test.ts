import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRotatedName, planRotation, rotatedName, shouldRotate, type RotatedFile, type RotationStep } from '../../src/logs/rotation.js';

const plain = (index: number): RotatedFile => ({ index, compressed: false });
const gz = (index: number): RotatedFile => ({ index, compressed: true });

describe('shouldRotate', () => {
  it.each([
    // size, incoming, maxBytes -> rotate
    [0, 10, 5, false], // an empty file takes even a write larger than maxBytes
    [5, 5, 10, false], // exactly maxBytes is allowed
    [5, 6, 10, true],
    [10, 1, 10, true],
    [100, 1, undefined, false], // no maxBytes, no rotation
    [1, 0, 1, false],
  ] as const)('size %d + %d, maxBytes %s -> %s', (size, incoming, maxBytes, expected) => {
    expect(shouldRotate(size, incoming, maxBytes)).toBe(expected);
  });
});

describe('rotated names', () => {
  it.each([
    ['app.log.1', plain(1)],
    ['app.log.2.gz', gz(2)],
    ['app.log.123', plain(123)],
    ['app.log', undefined],
    ['app.log.0', undefined],
    ['app.log.01', undefined],
    ['app.log.1.gz.tmp', undefined],
    ['.app.log.1.gz.tmp', undefined],
    ['app.log.x', undefined],
    ['app.logs.1', undefined],
    ['other.log.1', undefined],
  ])('%s -> %j', (name, expected) => {
    expect(parseRotatedName('app.log', name)).toEqual(expected);
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.boolean(), (index, compressed) => {
        const name = rotatedName('/var/log/app.log', { index, compressed });
        expect(parseRotatedName('app.log', name.slice('/var/log/'.length))).toEqual({ index, compressed });
      }),
    );
  });
});

describe('planRotation', () => {
  it.each<[string, RotatedFile[], number, boolean, RotationStep[], RotatedFile[]]>([
    ['first rotation', [], 5, false, [{ op: 'retire-current', to: plain(1) }], []],
    [
      'shifts oldest first',
      [plain(1), plain(2)],
      5,
      false,
      [
        { op: 'rename', from: plain(2), to: plain(3) },
        { op: 'rename', from: plain(1), to: plain(2) },
        { op: 'retire-current', to: plain(1) },
      ],
      [],
    ],
    [
      'deletes past maxFiles',
      [plain(1), gz(2), gz(3)],
      3,
      true,
      [
        { op: 'delete', file: gz(3) },
        { op: 'rename', from: gz(2), to: gz(3) },
        { op: 'rename', from: plain(1), to: plain(2) },
        { op: 'retire-current', to: plain(1) },
      ],
      [plain(2)],
    ],
    ['maxFiles 0 keeps nothing', [], 0, false, [{ op: 'retire-current', to: undefined }], []],
    [
      'leftover plain files are compressed too',
      [plain(1), plain(2)],
      9,
      true,
      [
        { op: 'rename', from: plain(2), to: plain(3) },
        { op: 'rename', from: plain(1), to: plain(2) },
        { op: 'retire-current', to: plain(1) },
      ],
      [plain(2), plain(3)],
    ],
  ])('%s', (_name, existing, maxFiles, compress, steps, toCompress) => {
    const plan = planRotation(existing, maxFiles, compress);
    expect(plan.steps).toEqual(steps);
    expect(plan.compress).toEqual(toCompress);
  });

  // A folder as a set of names; the live file is 'live'. Applies a plan, failing if a rename would overwrite.
  const apply = (files: Set<string>, steps: readonly RotationStep[]) => {
    const key = (f: RotatedFile) => `${f.index}${f.compressed ? '.gz' : ''}`;
    for (const step of steps) {
      if (step.op === 'delete') expect(files.delete(key(step.file))).toBe(true);
      else if (step.op === 'rename') {
        expect(files.has(key(step.to))).toBe(false);
        expect(files.delete(key(step.from))).toBe(true);
        files.add(key(step.to));
      } else {
        expect(files.delete('live')).toBe(true);
        if (step.to) {
          expect(files.has(key(step.to))).toBe(false);
          files.add(key(step.to));
        }
      }
    }
  };

  it('never overwrites, keeps at most maxFiles, keeps the newest, and keeps their order', () => {
    const existingArb = fc.uniqueArray(fc.record({ index: fc.integer({ min: 1, max: 12 }), compressed: fc.boolean() }), {
      selector: (f) => `${f.index}${f.compressed}`,
      maxLength: 12,
    });
    fc.assert(
      fc.property(existingArb, fc.integer({ min: 0, max: 10 }), fc.boolean(), (existing, maxFiles, compress) => {
        const files = new Set(['live', ...existing.map((f) => `${f.index}${f.compressed ? '.gz' : ''}`)]);
        const plan = planRotation(existing, maxFiles, compress);
        apply(files, plan.steps);
        const indexes = [...files].map((name) => Number.parseInt(name, 10));
        // Nothing past maxFiles; the live file became .1 unless nothing is kept.
        expect(indexes.every((i) => i >= 1 && i <= maxFiles)).toBe(true);
        expect(files.has('1')).toBe(maxFiles >= 1);
        // Every kept file moved up by exactly one; every file within reach was kept.
        for (const f of existing) {
          expect(files.has(`${f.index + 1}${f.compressed ? '.gz' : ''}`)).toBe(f.index + 1 <= maxFiles);
        }
        // Compression: only plain files that exist, never .1, only with compress.
        for (const f of plan.compress) {
          expect(compress && !f.compressed && f.index >= 2 && files.has(String(f.index))).toBe(true);
        }
      }),
    );
  });
});
