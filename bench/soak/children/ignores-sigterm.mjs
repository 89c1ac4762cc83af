// Ignores SIGTERM, saying so on stdout; prints "ready" once the handler is in place.
process.on('SIGTERM', () => console.log('ignored SIGTERM'));
console.log('ready');
setInterval(() => {}, 1 << 30);
