// Kept so that imports of the old path keep working: options/supervisor-options.ts (being rewritten, not edited
// here) imports restartPolicy from this file. restartPolicy now lives in ./restart/: import from
// '../policy/restart/index.js' there and delete this file.
export { restartPolicy } from './restart/index.js';
export type { RestartPolicy, RestartPolicyState } from './restart/index.js';
