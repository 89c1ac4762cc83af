// Ignores SIGTERM (only SIGKILL ends it) and writes "ready" once, when the handler is in place; never writes again,
// since its reader is gone by then.
process.on('SIGTERM', () => {});
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
