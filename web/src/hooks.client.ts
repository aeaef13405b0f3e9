// First module the app evaluates (SvelteKit loads client hooks before any page or layout):
// zod must be jitless before the contract's schemas are built. See the module for why.
import "$contract/zod-jitless";
