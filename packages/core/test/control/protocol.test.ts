import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineReader } from '../../src/control/line-reader.js';
import { METHODS, parseGreeting, parseRequest } from '../../src/control/protocol.js';

describe('parseRequest', () => {
  it.each([
    ['not json', 'parse-error', null],
    ['[1,2]', 'invalid-request', null],
    ['{"method":"status"}', 'invalid-request', null],
    ['{"id":"","method":"status"}', 'invalid-request', null],
    ['{"id":1.5,"method":"status"}', 'invalid-request', null],
    ['{"id":7,"method":"rm -rf"}', 'unknown-method', 7],
    ['{"id":"a","method":"status","params":[1]}', 'invalid-params', 'a'],
  ])('%s -> %s', (line, code, id) => {
    const parsed = parseRequest(line);
    expect(parsed).toMatchObject({ ok: false, id, error: { code } });
  });

  it('accepts each method, params defaulting to {}', () => {
    for (const method of METHODS) {
      expect(parseRequest(JSON.stringify({ id: 1, method }))).toEqual({ ok: true, request: { id: 1, method, params: {} } });
    }
  });

  it('never throws, whatever the line: it is a request or an error to reply (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (line) => {
        const parsed = parseRequest(line);
        if (parsed.ok) expect(METHODS).toContain(parsed.request.method);
        else expect(parsed.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('parses back any valid request it is given', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.integer()),
        fc.constantFrom(...METHODS),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (id, method, params) => {
          const parsed = parseRequest(JSON.stringify({ id, method, params }));
          expect(parsed.ok && parsed.request.id === id && parsed.request.method === method).toBe(true);
        },
      ),
    );
  });
});

describe('parseGreeting', () => {
  it('knows a guard of this protocol version, and nothing else', () => {
    const greeting = { daemonkit: 1, pid: 42, name: 'api', startedAt: '2026-12-01T00:00:00.000Z', version: '0.1.0' };
    expect(parseGreeting(JSON.stringify(greeting))).toEqual(greeting);
    expect(parseGreeting(JSON.stringify({ ...greeting, daemonkit: 2 }))).toBeUndefined();
    expect(parseGreeting('SSH-2.0-OpenSSH_9.6')).toBeUndefined();
  });
});

describe('createLineReader', () => {
  it('gives the same lines however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\n'))), fc.array(fc.nat(), { maxLength: 20 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
        const got: string[] = [];
        const read = createLineReader(1 << 20, (line) => got.push(line), () => expect.fail('no overflow'));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        let start = 0;
        for (const point of [...points, bytes.length]) {
          read(bytes.subarray(start, point));
          start = point;
        }
        expect(got).toEqual(lines);
      }),
    );
  });

  it('stops at a line longer than the limit, reporting it once, even without its newline', () => {
    let overflows = 0;
    const got: string[] = [];
    const read = createLineReader(10, (line) => got.push(line), () => overflows++);
    read(Buffer.from('short\n0123456789'));
    read(Buffer.from('X'));
    read(Buffer.from('more\nlines\n'));
    expect(got).toEqual(['short']);
    expect(overflows).toBe(1);
  });
});
