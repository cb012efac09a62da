/** The CLI's exit codes: 0 done, 1 the batch failed, 2 bad usage or input, 130 interrupted (128 + SIGINT). */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INTERRUPTED: 130 } as const;
