// The TypeScript compiler options the scripts check browser-side code with (the contract
// checks and the benchmark's openapi-fetch app): strict, ES2022 with the DOM, bundler
// resolution, no ambient types.
export const BROWSER_TS = {
  strict: true,
  target: 'es2022',
  lib: ['es2022', 'dom'],
  module: 'esnext',
  moduleResolution: 'bundler',
  skipLibCheck: false,
  types: [],
};
