// The fixed child of the logs benchmark: writes `mb` MB (default 256) of 100-byte lines to stdout in 64 KiB batches
// (655 lines, 65,500 bytes), waiting for 'drain' when the pipe or file is behind, then exits 0.
const total = Number(process.argv[2] ?? 256) * 1_000_000;
const line = `${'x'.repeat(99)}\n`;
const batch = Buffer.from(line.repeat(655));
let written = 0;

function next() {
  while (written < total) {
    written += batch.length;
    if (!process.stdout.write(batch)) {
      process.stdout.once('drain', next);
      return;
    }
  }
  process.stdout.write('', () => process.exit(0));
}
next();
