/**
 * Memoization of pure builders that the configuration checks and the constructs both call with the
 * same model objects (an account's policies, a Region's resource plan): each is built once per
 * synth. A result is kept per identity of the model objects `anchors` names (in WeakMaps: it goes
 * with the model) and per the string `key` makes of the other arguments, so an equal but distinct
 * object (a test's `{ ...account, name }`) is a new entry, never a stale one. Model objects are
 * read-only; a caller must not change a result it gets (it is shared).
 */
export function memoizeOn<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
  anchors: (...args: A) => readonly object[],
  key: (...args: A) => string = () => '',
): (...args: A) => R {
  const root = new WeakMap<object, unknown>();
  return (...args: A): R => {
    const objects = anchors(...args);
    let level = root;
    for (const object of objects.slice(0, -1)) {
      let next = level.get(object) as WeakMap<object, unknown> | undefined;
      if (next === undefined) level.set(object, (next = new WeakMap()));
      level = next;
    }
    const last = objects[objects.length - 1];
    let byKey = level.get(last) as Map<string, R> | undefined;
    if (byKey === undefined) level.set(last, (byKey = new Map()));
    const k = key(...args);
    if (!byKey.has(k)) byKey.set(k, fn(...args));
    return byKey.get(k)!;
  };
}
