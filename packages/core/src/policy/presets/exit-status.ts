/** An exit status as the peers list them: an exit code from 0 to 255, or a signal name such as `'SIGKILL'`. */
export type ExitStatus = number | NodeJS.Signals;
