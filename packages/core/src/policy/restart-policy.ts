// Kept so that imports of the old path keep working while supervisor/ is rewritten (supervisor/resolve-options.ts
// imports restartPolicy from here). restartPolicy now lives in ./restart/: import from './restart/index.js' and delete
// this file.
export { restartPolicy } from './restart/index.js';
export type { RestartPolicy, RestartPolicyState } from './restart/index.js';
