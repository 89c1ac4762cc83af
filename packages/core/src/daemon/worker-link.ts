/**
 * Ties a worker's life to its guard's. The guard opened an IPC channel to the worker; when the guard dies, even by
 * SIGKILL, the channel closes and the worker sends itself SIGTERM, so its own SIGTERM handlers run and it shuts
 * down gracefully instead of running on unsupervised. The channel is unref'd: it never keeps the worker alive.
 */
export function linkWorkerToGuard(): void {
  const channel = process.channel;
  if (!channel) return;
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
  });
  channel.unref();
}
