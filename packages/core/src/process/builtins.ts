// Node's built-in modules, loaded on first use. A top-level `import { x } from 'node:fs'` in ESM costs start-up
// time (Node builds every named export of the module), and that is paid by every program importing daemonkit
// and by every restart of a worker; most programs never reach the code that needs them.
export const fs = () => process.getBuiltinModule('node:fs');
export const childProcess = () => process.getBuiltinModule('node:child_process');
export const os = () => process.getBuiltinModule('node:os');
export const stringDecoder = () => process.getBuiltinModule('node:string_decoder');
