/** The config file `start` and `init` use by default. */
export const CONFIG_FILE = 'daemonkit.config.json';
