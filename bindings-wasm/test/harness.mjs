// A minimal sequential test harness: `test(name, fn)`, then `await run()`
// prints each failure and returns { passed, failed }.
const tests = [];

export function test(name, fn) {
  tests.push({ name, fn });
}

export async function run({ prefix = '' } = {}) {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests.splice(0)) {
    try {
      await fn();
      passed++;
      console.log(`ok   ${prefix}${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${prefix}${name}\n     ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
    }
  }
  return { passed, failed };
}
