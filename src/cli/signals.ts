/**
 * SIGINT, SIGTERM and SIGHUP (Ctrl-C, CI cancellation, `timeout`, Kubernetes, a
 * closed terminal) all mean the same: stop sending, finish what can be
 * finished, write the reports, exit 128 + the signal's number. `run` keeps the
 * handlers for the rest of the process, so a signal that arrives while reports
 * are written or the verdict printed cannot cut them short.
 */
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type Handled = keyof typeof SIGNALS;

export interface SignalGuard {
  /** Aborted at the first signal. */
  signal: AbortSignal;
  /** 128 + the first signal's number, or undefined when none came. */
  exitCode(): number | undefined;
  dispose(): void;
}

export function guardSignals(): SignalGuard {
  const controller = new AbortController();
  let first: Handled | undefined;
  const handlers = (Object.keys(SIGNALS) as Handled[]).map((name) => {
    const handler = () => {
      first ??= name;
      controller.abort();
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    exitCode: () => (first === undefined ? undefined : 128 + SIGNALS[first]),
    dispose: () => handlers.forEach(([name, handler]) => process.removeListener(name, handler)),
  };
}
