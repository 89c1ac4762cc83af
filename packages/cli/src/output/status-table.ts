import type { ChildReport, DaemonReport } from '@daemonkit/core';
import type { Colors } from './colors.js';

// The `status` table over the control plane's reports (the core's DaemonReport; a type-only import, erased from the build). Pure.

const HEADERS = ['name', 'child', 'state', 'pid', 'uptime', 'restarts', 'last exit', 'memory'] as const;

/** `93784000` -> `1d 2h`: the two largest units, as ps and pm2 show uptime. */
export function formatUptime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `52428800` -> `50.0 MiB`: binary units, as top and pm2 show memory. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

function cells(guard: string, child: ChildReport): string[] {
  return [
    child.service === guard ? guard : `${guard}/${child.service}`,
    child.id,
    child.state,
    child.pid === undefined ? '-' : String(child.pid),
    child.state === 'running' ? formatUptime(child.uptimeMs) : '-',
    String(child.restarts),
    child.lastExit ?? '-',
    formatBytes(child.memoryBytes),
  ];
}

const paint = (state: string, text: string, c: Colors) =>
  state === 'running' ? c.green(text) : state === 'backoff' || state === 'held' || state === 'stopping' ? c.yellow(text) : c.red(text);

/**
 * The table of `daemonkit status`: a row per child of every guard. Columns are padded on the plain text, so
 * colours never shift them.
 */
export function renderStatusTable(reports: readonly DaemonReport[], c: Colors): string {
  const rows = reports.flatMap((r) => r.children.map((child) => ({ state: child.state, cells: cells(r.guard.name, child) })));
  if (rows.length === 0) return 'No daemons running.\n';
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (values: readonly string[], color?: (i: number, s: string) => string) =>
    values
      .map((v, i) => {
        const padded = i === 3 || i === 5 ? v.padStart(widths[i]!) : i === values.length - 1 ? v : v.padEnd(widths[i]!);
        return color ? color(i, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const head = line(HEADERS, (_i, s) => c.bold(s));
  const body = rows.map((r) => line(r.cells, (i, s) => (i === 2 ? paint(r.state, s, c) : s)));
  return `${[head, ...body].join('\n')}\n`;
}

/** `status --json`: the reports as they came, one JSON document. */
export function renderStatusJson(reports: readonly DaemonReport[]): string {
  return `${JSON.stringify(reports, null, 2)}\n`;
}

/** `status`'s exit code: 3 (LSB's "not running") when a named app has no running child, else 0. */
export function statusExitCode(reports: readonly DaemonReport[]): 0 | 3 {
  const children = reports.flatMap((r) => r.children);
  return children.length > 0 && children.some((ch) => ch.state === 'running' || ch.state === 'backoff' || ch.state === 'held') ? 0 : 3;
}
