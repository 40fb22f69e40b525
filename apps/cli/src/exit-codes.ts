/** Process exit codes of the `mnist` command. */
export const EXIT_OK = 0;
/** Something failed at run time (bad data, unwritable directory, corrupt checkpoint…). */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong (unknown flag, bad value, unknown command). */
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
/** Stopped by SIGTERM (128 + 15): `timeout`, `docker stop`, a cancelled CI job. */
export const EXIT_TERMINATED = 143;
