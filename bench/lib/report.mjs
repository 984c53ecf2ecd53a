// Table rows as the runner prints them: one line per measurement, the commands under it, and a
// Markdown table at the end for bench/README.md.
import { cpus, loadavg } from 'node:os';

export const fmt = {
  rate: (value) => (Number.isFinite(value) ? value.toFixed(value >= 100 ? 0 : 1) : '-'),
  // autocannon reports whole milliseconds: its 0 means "under 1 ms".
  ms: (value) => (!Number.isFinite(value) ? '-' : value === 0 ? '<1 ms' : `${value.toFixed(value >= 10 ? 0 : 1)} ms`),
  ratio: (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-'),
  cpu: (us) => (Number.isFinite(us) ? (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} us`) : '-'),
};

export function machineLine() {
  const cores = cpus();
  return `${new Date().toISOString()} | ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}) | Node ${process.version} | load average ${loadLine()}`;
}

export function loadLine() {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/**
 * @typedef {object} Row
 * @property {string} scenario
 * @property {string} subject
 * @property {string} unit e.g. "req/s"
 * @property {number} rate
 * @property {number} p50
 * @property {number} p99
 * @property {number} [cpuUsPerOp] CPU microseconds of the measured process per operation
 * @property {number} [ratio] to the baseline named in `versus`
 * @property {string} [versus]
 * @property {string} [target] e.g. ">= 0.7x"
 * @property {boolean} [met]
 * @property {string[]} commands
 * @property {string[]} [notes]
 */

export function printRow(row) {
  const ratio = row.ratio === undefined ? 'baseline' : `${fmt.ratio(row.ratio)} vs ${row.versus}`;
  const target = row.target ? ` | target ${row.target}: ${row.met ? 'met' : 'MISSED'}` : '';
  console.log(
    `  ${row.subject.padEnd(48)} ${fmt.rate(row.rate).padStart(8)} ${row.unit.padEnd(9)} p50 ${fmt.ms(row.p50).padStart(7)}  p99 ${fmt.ms(row.p99).padStart(7)}  CPU/op ${fmt.cpu(row.cpuUsPerOp).padStart(7)}  ${ratio}${target}`,
  );
  for (const command of row.commands) console.log(`      $ ${command}`);
  for (const note of row.notes ?? []) console.log(`      ${note}`);
}

export function markdownTable(rows) {
  const lines = [
    '| # | measured | rate | p50 | p99 | CPU/op | ratio | target |',
    '|---|---|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const ratio = row.ratio === undefined ? 'baseline' : `${fmt.ratio(row.ratio)} vs ${row.versus}`;
    const target = row.target ? `${row.target}: ${row.met ? 'met' : '**missed**'}` : '';
    lines.push(
      `| ${row.scenario} | ${row.subject} | ${fmt.rate(row.rate)} ${row.unit} | ${fmt.ms(row.p50)} | ${fmt.ms(row.p99)} | ${fmt.cpu(row.cpuUsPerOp)} | ${ratio} | ${target} |`,
    );
  }
  return lines.join('\n');
}
