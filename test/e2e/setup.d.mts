// Types of setup.mjs for the TypeScript harness (setup.mjs stays plain JavaScript so it
// runs on a fresh machine before anything else is installed or built).
export const codeServerEntry: string;
export const chromiumPath: string;
export function isSetupCurrent(): boolean;
export function setup(options?: { force?: boolean }): number;
