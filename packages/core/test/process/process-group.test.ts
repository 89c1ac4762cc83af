import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupAlive, groupMembers, signalGroup } from '../../src/process/process-group.js';

describe('process groups: only a child\'s pid is ever signalled', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([1, 0, -1, -42, 1.5, Number.NaN])('pid %s: no kill() at all (kill(-1) would reach every process of this user)', (pid) => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    expect(signalGroup(pid, 'SIGTERM')).toBe(false);
    expect(signalGroup(pid, 0)).toBe(false);
    expect(groupAlive(pid)).toBe(false);
    expect(groupMembers(pid)).toEqual([]);
    expect(kill).not.toHaveBeenCalled();
  });

  it('a child\'s pid is signalled as a group: kill(-pid)', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    expect(signalGroup(4242, 'SIGTERM')).toBe(true);
    expect(kill).toHaveBeenCalledWith(process.platform === 'win32' ? 4242 : -4242, 'SIGTERM');
  });
});
