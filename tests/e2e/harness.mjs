// A minimal sequential test runner for the browser checks: prints one line per check and
// the final "N passed, M failed" line that scripts and CI read.
export function createHarness() {
  const checks = [];
  return {
    get count() {
      return checks.length;
    },
    check(name, fn) {
      // E2E_ONLY=<text> runs just the checks whose name contains it (for working on one check).
      if (!process.env.E2E_ONLY || name.includes(process.env.E2E_ONLY)) checks.push({ name, fn });
    },
    async run(context) {
      let passed = 0;
      let failed = 0;
      for (const { name, fn } of checks) {
        const started = Date.now();
        try {
          await fn(context);
          passed += 1;
          console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed += 1;
          await context.onFailure?.(name).catch(() => {});
          console.log(`  ✗ ${name} (${Date.now() - started} ms)\n    ${String(error?.stack ?? error).replace(/\n/g, "\n    ")}`);
        }
      }
      return { passed, failed, total: checks.length };
    },
  };
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
