#!/usr/bin/env node
/** The `autoclip` command's entry point: parses argv, wires Ctrl-C, runs the command, exits with its code. */
import { USAGE, UsageError, parseCliArgs, type CliRequest } from './parse-args.js';
import { EXIT } from './exit-codes.js';

async function main(): Promise<number> {
  let request: CliRequest;
  try {
    request = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if ((err as Error).name !== UsageError.name) throw err;
    process.stderr.write(`autoclip: ${(err as Error).message}\nRun "autoclip --help" for usage.\n`);
    return EXIT.USAGE;
  }
  if (request.command === 'help') {
    process.stdout.write(USAGE);
    return EXIT.OK;
  }
  if (request.command === 'worker') {
    const { runWorker } = await import('./worker-command.js');
    return runWorker({ env: process.env, cwd: process.cwd(), stderr: process.stderr });
  }

  // First Ctrl-C: cancel the batch and clean up (the command returns 130). Second: leave at once.
  const interrupt = new AbortController();
  const onSignal = () => {
    if (interrupt.signal.aborted) process.exit(EXIT.INTERRUPTED);
    process.stderr.write('\nautoclip: cancelling (Ctrl-C again to quit at once)\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { runProcess } = await import('./process-command.js');
  return runProcess(request, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interrupt: interrupt.signal,
  });
}

main().then(
  (code) => {
    // Worker threads and sockets are closed by app.stop(); exitCode lets stdout drain first.
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`autoclip: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.FAILED;
  },
);
