import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/parse/command-line.js';

const FLAGS = { json: { type: 'boolean' }, 'max-restarts': { type: 'string' }, autorestart: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

describe('parseCommandLine', () => {
  it('keeps everything after -- untouched', () => {
    const r = parseCommandLine(['--json', 'node', '--', 'server.js', '--port', '80', '--', 'x'], FLAGS);
    expect(r.values).toEqual({ json: true });
    expect(r.positionals).toEqual(['node']);
    expect(r.rest).toEqual(['server.js', '--port', '80', '--', 'x']);
  });

  it('takes a string flag value separate or inline', () => {
    expect(parseCommandLine(['--max-restarts', '5'], FLAGS).values).toEqual({ 'max-restarts': '5' });
    expect(parseCommandLine(['--max-restarts=5'], FLAGS).values).toEqual({ 'max-restarts': '5' });
  });

  it('names the nearest flag for an unknown one', () => {
    expect(() => parseCommandLine(['--max-restars', '5'], FLAGS)).toThrow('unknown flag --max-restars; did you mean --max-restarts?');
    expect(() => parseCommandLine(['--frobnicate'], FLAGS)).toThrow(/^unknown flag --frobnicate$/);
  });

  it('says when a value is missing or unexpected', () => {
    expect(() => parseCommandLine(['--max-restarts'], FLAGS)).toThrow('--max-restarts needs a value');
    expect(() => parseCommandLine(['--json=1'], FLAGS)).toThrow('--json takes no value');
  });

  it('turns --no-<flag> into false for negatable flags only', () => {
    expect(parseCommandLine(['--no-autorestart'], FLAGS, ['autorestart']).values).toEqual({ autorestart: 'false' });
    expect(() => parseCommandLine(['--no-json'], FLAGS, ['autorestart'])).toThrow(/unknown flag --no-json/);
  });
});
