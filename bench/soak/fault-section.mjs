// The fault part of the report: each scenario in turn, its figures, its checks and one PASS/FAIL line.
import * as devFull from './faults/dev-full.mjs';
import * as grandchildren from './faults/grandchildren.mjs';
import * as heldPipe from './faults/held-pipe.mjs';
import * as ignoreSigterm from './faults/ignore-sigterm.mjs';
import * as sigstopWatchdog from './faults/sigstop-watchdog.mjs';
import { ms, verdict } from './report.mjs';
import { now } from './wait.mjs';

/** In the order they run and are numbered. */
export const FAULTS = [
  ['grandchildren', grandchildren],
  ['ignore-sigterm', ignoreSigterm],
  ['sigstop-watchdog', sigstopWatchdog],
  ['dev-full', devFull],
  ['held-pipe', heldPipe],
];

/** Runs the faults named in `names`; returns whether all passed. `ctx`: { dist, say, progress, recordPids }. */
export async function runFaults(names, { dist, say, progress, recordPids }) {
  let passed = true;
  say('');
  say('== Faults ==');
  for (const [index, [name, fault]] of FAULTS.entries()) {
    if (!names.includes(name)) continue;
    const n = index + 1;
    progress(`fault ${n} ${name}`);
    const t0 = now();
    let result;
    try {
      result = await fault.run({ dist });
    } catch (error) {
      result = { figures: [], checks: [{ what: `scenario failed: ${error.stack ?? error}`, pass: false }], pids: [] };
    }
    recordPids(result.pids);
    const pass = result.checks.every((c) => c.pass);
    if (!pass) passed = false;
    say('');
    say(`${n}. ${fault.title} (${name}, ${ms(now() - t0, 0)})`);
    for (const line of result.figures) say(`   ${line}`);
    for (const c of result.checks) say(`   ${verdict(c.pass)}  ${c.what}`);
    say(`   ${verdict(pass)}: fault ${n} ${name}`);
  }
  return passed;
}
