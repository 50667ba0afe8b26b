// The test clock of the service (config `clock.offset_file`, src/main/wiring.cpp OffsetClock):
// a file holding a number of milliseconds that the service adds to the system time, read again
// whenever it changes. Suites walk a rule's time with it (`advance(21 * 60_000)` is a temporary
// lock later) instead of sleeping; several processes may share one clock.
//
//   const clock = testClock();
//   const server = await startServer({ set: { ...clock.set } });
//   clock.advance(21 * 60_000);   // the next request is 21 minutes later
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function testClock() {
  const dir = mkdtempSync(join(tmpdir(), 'mc-clock-'));
  dirs.push(dir);
  const file = join(dir, 'offset');
  let offsetMs = 0;
  let writes = 0;
  const write = () => {
    writeFileSync(file, String(offsetMs));
    // The service notices a change by the file's mtime and size; file times are coarse (a few
    // ms), so every write gets a distinct mtime of its own.
    writes += 1;
    utimesSync(file, writes, writes);
  };
  write();
  return {
    file,
    // Config overrides for startServer({ set }) / `--set` arguments.
    set: { 'clock.offset_file': file },
    args: ['--set', `clock.offset_file=${file}`],
    get offsetMs() {
      return offsetMs;
    },
    // The service lives `ms` later from its next request on.
    advance(ms) {
      offsetMs += Math.round(ms);
      write();
    },
  };
}
