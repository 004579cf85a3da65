// Entry of an extraction child process (workers.ts): registers the tsx loader, then runs the TypeScript worker.
// Plain JavaScript so it starts without a loader; 'tsx' resolves from the project's node_modules.
import('tsx/esm/api').then((m) => { m.register(); return import('./worker.ts'); });
