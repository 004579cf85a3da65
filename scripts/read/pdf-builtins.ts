/**
 * Keeps a library's polyfills from replacing JavaScript built-ins process-wide. pdf.js's legacy build bundles
 * core-js, which on import swaps e.g. Array.prototype.push (for a ~2× slower one), JSON.parse and
 * Function.prototype.toString for its own versions — in every module of the thread, for the rest of the build.
 *
 * `withBuiltinsKept(load)` snapshots the property descriptors of every global built-in (constructors, their
 * prototypes, the hidden intrinsics such as %TypedArray% and %IteratorPrototype%), runs `load`, and puts back
 * every property `load` replaced. What it added is removed, except what the caller keeps: for pdf.js the
 * methods missing from Node 20 that it needs (Promise.withResolvers, Set.prototype.union, iterator helpers…),
 * which change nothing that existed.
 */

type Snapshot = Array<{ obj: object; key: PropertyKey; desc: PropertyDescriptor }>;

function intrinsics(): object[] {
  const out = new Set<object>();
  const add = (o: unknown) => { if (o !== null && (typeof o === 'object' || typeof o === 'function') && o !== globalThis) out.add(o as object); };
  for (const k of Object.getOwnPropertyNames(globalThis)) {
    // Only the language's and Node's built-ins (capitalised constructors and namespaces such as JSON, Math, Reflect).
    if (!/^[A-Z]/.test(k)) continue;
    const d = Object.getOwnPropertyDescriptor(globalThis, k);
    if (!d || !('value' in d)) continue;
    add(d.value);
    if (typeof d.value === 'function') add((d.value as { prototype?: unknown }).prototype);
  }
  const typed = Object.getPrototypeOf(Uint8Array) as object;
  add(typed); add((typed as { prototype?: unknown }).prototype);
  const arrayIter = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  add(arrayIter); add(Object.getPrototypeOf(arrayIter));
  add(Object.getPrototypeOf(new Map()[Symbol.iterator]()));
  add(Object.getPrototypeOf(new Set()[Symbol.iterator]()));
  add(Object.getPrototypeOf(''[Symbol.iterator]()));
  add(Object.getPrototypeOf(function* () {}).prototype);
  add(Object.getPrototypeOf(async function* () {}).prototype);
  return [...out];
}

function snapshot(): Snapshot {
  const snap: Snapshot = [];
  const add = (obj: object, key: PropertyKey) => { const desc = Object.getOwnPropertyDescriptor(obj, key); if (desc) snap.push({ obj, key, desc }); };
  for (const obj of intrinsics()) for (const key of Reflect.ownKeys(obj)) add(obj, key);
  for (const key of Reflect.ownKeys(globalThis)) add(globalThis, key); // queueMicrotask, structuredClone, setTimeout…
  return snap;
}

const same = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;

function label(obj: object): string {
  if (obj === globalThis) return 'globalThis';
  const ctor = Object.getOwnPropertyDescriptor(obj, 'constructor')?.value as { name?: string; prototype?: unknown } | undefined;
  if (ctor && ctor.prototype === obj) return `${ctor.name}.prototype`;
  if (typeof obj === 'function') return obj.name;
  return String((obj as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] ?? '?');
}

/** Puts back every snapshotted property that differs now; returns the names put back. */
function restore(snap: Snapshot): string[] {
  const fixed: string[] = [];
  for (const { obj, key, desc } of snap) {
    const now = Object.getOwnPropertyDescriptor(obj, key);
    if (now && same(now, desc)) continue;
    // Node defines some globals (DOMException, AbortSignal…) as getters that turn into plain values on first use.
    if (obj === globalThis && desc.get && now && 'value' in now) continue;
    try {
      Object.defineProperty(obj, key, desc);
      fixed.push(`${label(obj)}.${String(key)}`);
    } catch { /* non-configurable and changed: nothing a library can have done through ordinary assignment */ }
  }
  return fixed;
}

/** Which added properties to keep: all (default), none, or those a predicate names (`owner` is globalThis or a built-in). */
export type KeepAdded = boolean | ((owner: object, key: PropertyKey) => boolean);

/**
 * Runs `load` and undoes any replacement of an existing built-in it made; `restored` lists what was put back and
 * what was removed. Properties `load` added to the global object or to a built-in are removed unless `keepAdded`
 * keeps them (Emscripten's debug glue defines ~150 diagnostic getters on globalThis that nothing needs).
 */
export async function withBuiltinsKept<T>(load: () => Promise<T>, opts: { keepAdded?: KeepAdded } = {}): Promise<{ value: T; restored: string[] }> {
  const snap = snapshot();
  const keep = opts.keepAdded ?? true;
  const undo = () => {
    const restored = restore(snap);
    if (keep !== true) restored.push(...removeAdded(snap, keep === false ? () => false : keep));
    return restored;
  };
  try {
    const value = await load();
    return { value, restored: undo() };
  } catch (e) {
    undo();
    throw e;
  }
}

/** Deletes own properties of the snapshotted objects that the snapshot does not have (unless kept); returns their names. */
function removeAdded(snap: Snapshot, keep: (owner: object, key: PropertyKey) => boolean): string[] {
  const had = new Map<object, Set<PropertyKey>>();
  for (const { obj, key } of snap) { let k = had.get(obj); if (!k) had.set(obj, (k = new Set())); k.add(key); }
  const removed: string[] = [];
  for (const [obj, keys] of had) {
    for (const key of Reflect.ownKeys(obj)) {
      if (keys.has(key) || keep(obj, key)) continue;
      const d = Object.getOwnPropertyDescriptor(obj, key);
      if (d?.configurable && Reflect.deleteProperty(obj, key)) removed.push(`${label(obj)}.${String(key)}`);
    }
  }
  return removed;
}
